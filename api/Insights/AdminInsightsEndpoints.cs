using Journal.Api.Auth;
using Journal.Api.OpenApi;
using Journal.Api.Problems;
using Journal.Api.Validation;
using Journal.GrainInterfaces.Community;
using Journal.GrainInterfaces.Insights;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Journal.Api.Insights;

/// <summary>Platform statistics and the rebuild of one user's analytics (PRODUCT.md §8, admin only).</summary>
public static class AdminInsightsEndpoints
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366;

    public static void MapAdminInsightsEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/v1/admin").WithTags("Admin").RequireAuthorization(AuthSetup.AdminPolicy);
        admin.MapGet("/stats", GetStatsAsync).WithSummary("Get platform and community statistics").WithQuery(Days)
            .WithDescription(
                "Two sections, each per UTC day, newest first. platform: active users that day, in the 7 and 30 days ending that day, entries and check-ins " +
                "written. community: posts, comments, reports filed, reports resolved and moderation actions (mod-log rows) that day; openReports (filed and " +
                "not yet resolved, now) and medianTimeToResolutionSeconds (the median time from filing to resolution of the reports resolved on the 30 days " +
                "ending today, null when none was).");
        admin.MapPost("/users/{id:guid}/insights/rebuild", RebuildAsync).WithSummary("Rebuild a user's insight figures").ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("Computes one user's insight figures again from their journal and check-in rows and answers the totals.");
    }

    /// <summary>The admin statistics document: one section per feature, each from the grain its feature's stream feeds.</summary>
    public sealed record AdminStats(DateTimeOffset GeneratedAt, PlatformStats Platform, CommunityStats Community);

    public static readonly IntegerField Days = new("days", 1, MaxDays) { Default = DefaultDays, Description = "How many days back, today included." };

    private static async Task<Results<Ok<AdminStats>, ValidationProblem>> GetStatsAsync(IGrainFactory grains, string? days)
    {
        var validator = new Validator();
        var count = validator.Integer(Days, days) ?? DefaultDays;
        if (!validator.IsValid) return validator.Problem();
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var platform = grains.GetGrain<IPlatformStatsGrain>(PlatformActivity.StreamKey).GetStatsAsync(today, count);
        var community = grains.GetGrain<ICommunityStatsGrain>(CommunityActivity.StreamKey).GetStatsAsync(today, count);
        return TypedResults.Ok(new AdminStats(now, await platform, await community));
    }

    private static async Task<Results<Ok<InsightFigures>, ProblemHttpResult>> RebuildAsync(Guid id, IGrainFactory grains)
    {
        var answer = await grains.GetGrain<IInsightsGrain>(id).RebuildAsync();
        return answer.Status == InsightStatus.AccountNotFound ? ProblemResults.NotFound("There is no such user.") : TypedResults.Ok(answer.Value!);
    }
}
