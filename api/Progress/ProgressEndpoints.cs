using Journal.Api.Auth;
using Journal.Api.Http;
using Journal.Api.OpenApi;
using Journal.Api.Problems;
using Journal.Api.Validation;
using Journal.GrainInterfaces.Accounts;
using Journal.GrainInterfaces.Progress;
using Journal.Grains.Activity;
using Journal.Grains.Progress;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Journal.Api.Progress;

/// <summary>Summary, streak and garden (PRODUCT.md §4), answered from grain memory.</summary>
public static class ProgressEndpoints
{
    public static void MapProgressEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/v1/me").WithTags("Progress").RequireAuthorization();
        me.MapGet("/summary", GetSummaryAsync).WithSummary("Get my streak, garden and today's activity").ProducesProblem(StatusCodes.Status404NotFound);
        me.MapGet("/streak", GetStreakAsync).WithSummary("Get my streak and its history").ProducesProblem(StatusCodes.Status404NotFound);
        me.MapGet("/garden", GetGardenAsync).WithSummary("Get my garden").ProducesProblem(StatusCodes.Status404NotFound);
        me.MapPatch("/garden", UpdateGardenAsync).WithSummary("Rename my garden or change its theme").ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("Changes the fields sent.");
    }

    [Fields(typeof(GardenFields))]
    public sealed record GardenPatch(string? Name, string? Theme);

    public static class GardenFields
    {
        public static readonly TextField Name = new("name", 60) { MinLength = 1, Description = "Not blank." };
        public static readonly ChoiceField Theme = new("theme", [.. GardenRules.Themes]);
    }

    // The summary this silo's activation of the user's progress grain keeps, else the grain's answer.
    private static async Task<Results<KeptJson<ProgressSummary>, ProblemHttpResult>> GetSummaryAsync(
        HttpContext context, IGrainFactory grains, LocalProgressSummaries localSummaries)
    {
        var userId = context.User.GetUserId();
        return await TodayAsync(context, grains, userId) is { } today
            ? new KeptJson<ProgressSummary>(localSummaries.Find(userId, today) ?? await grains.GetGrain<IProgressGrain>(userId).GetSummaryAsync(today))
            : ProblemResults.NotFound("The account does not exist.");
    }

    private static async Task<Results<Ok<StreakView>, ProblemHttpResult>> GetStreakAsync(HttpContext context, IGrainFactory grains)
    {
        var userId = context.User.GetUserId();
        return await TodayAsync(context, grains, userId) is { } today
            ? TypedResults.Ok(await grains.GetGrain<IProgressGrain>(userId).GetStreakAsync(today))
            : ProblemResults.NotFound("The account does not exist.");
    }

    private static async Task<Results<Ok<GardenView>, ProblemHttpResult>> GetGardenAsync(HttpContext context, IGrainFactory grains)
    {
        var userId = context.User.GetUserId();
        return await TodayAsync(context, grains, userId) is { } today
            ? TypedResults.Ok(await grains.GetGrain<IProgressGrain>(userId).GetGardenAsync(today))
            : ProblemResults.NotFound("The account does not exist.");
    }

    private static async Task<Results<Ok<GardenView>, ValidationProblem, ProblemHttpResult>> UpdateGardenAsync(GardenPatch patch, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator().Text(GardenFields.Name, patch.Name);
        if (patch.Name is { } name && string.IsNullOrWhiteSpace(name)) validator.Add(GardenFields.Name.Name, "'name' must not be empty.");
        var theme = validator.Choice(GardenFields.Theme, patch.Theme);
        if (!validator.IsValid) return validator.Problem();
        var userId = context.User.GetUserId();
        return await TodayAsync(context, grains, userId) is { } today
            ? TypedResults.Ok(await grains.GetGrain<IProgressGrain>(userId).UpdateGardenAsync(patch.Name?.Trim(), theme, today))
            : ProblemResults.NotFound("The account does not exist.");
    }

    /// <summary>
    /// The user's current activity day: their zone and day start, as the account grain told them when
    /// the request's session was checked (else it is asked).
    /// </summary>
    public static async Task<DateOnly?> TodayAsync(HttpContext context, IGrainFactory grains, Guid userId) =>
        (RequestAccess.ClockOf(context) ?? await grains.GetGrain<IUserGrain>(userId).GetClockAsync())?.DayOf(DateTimeOffset.UtcNow);
}
