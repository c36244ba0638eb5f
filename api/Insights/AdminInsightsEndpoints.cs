using Journal.Api.Auth;
using Journal.Api.OpenApi;
using Journal.Api.Problems;
using Journal.Api.Validation;
using Journal.GrainInterfaces.Insights;
using Journal.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Journal.Api.Insights;

/// <summary>Platform statistics and the rebuild of one user's analytics (PRODUCT.md §8, admin only).</summary>
public static class AdminInsightsEndpoints
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366;

    public static void MapAdminInsightsEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/v1/admin").WithTags("Admin").RequireAuthorization(AuthSetup.AdminPolicy).ProducesSignedInProblems()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapGet("/stats", GetStatsAsync)
            .WithDescription("Per UTC day, newest first: active users that day, in the 7 and 30 days ending that day, entries and check-ins written.");
        admin.MapPost("/users/{id:guid}/insights/rebuild", RebuildAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("Computes one user's insight figures again from their journal and check-in rows and answers the totals.");
    }

    /// <summary>
    /// The admin statistics document: one section per feature. The community figures (posts, comments,
    /// reports per day, open reports, time to resolution) join as a <c>community</c> section next to <c>platform</c>.
    /// </summary>
    public sealed record AdminStats(DateTimeOffset GeneratedAt, PlatformStats Platform);

    private static async Task<Results<Ok<AdminStats>, ValidationProblem>> GetStatsAsync(IGrainFactory grains, string? days)
    {
        var validator = new Validator();
        var count = DefaultDays;
        if (days is not null && (!int.TryParse(days, out count) || count is < 1 or > MaxDays))
            validator.Add("days", $"'days' must be a whole number from 1 to {MaxDays}.");
        if (!validator.IsValid) return validator.Problem();
        var now = DateTimeOffset.UtcNow;
        var platform = await grains.GetGrain<IPlatformStatsGrain>(PlatformActivity.StreamKey).GetStatsAsync(DateOnly.FromDateTime(now.UtcDateTime), count);
        return TypedResults.Ok(new AdminStats(now, platform));
    }

    private static async Task<Results<Ok<InsightFigures>, ProblemHttpResult>> RebuildAsync(Guid id, IGrainFactory grains)
    {
        var answer = await grains.GetGrain<IInsightsGrain>(id).RebuildAsync();
        return answer.Status == InsightStatus.AccountNotFound ? ProblemResults.NotFound("There is no such user.") : TypedResults.Ok(answer.Value!);
    }
}
