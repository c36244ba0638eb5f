using Journal.Api.Auth;
using Journal.Api.OpenApi;
using Journal.Api.Problems;
using Journal.Api.Progress;
using Journal.Api.Validation;
using Journal.GrainInterfaces.Insights;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Journal.Api.Insights;

/// <summary>Mood trends and weekly and monthly insights (PRODUCT.md §3), through the user's insights grain.</summary>
public static class InsightsEndpoints
{
    public static void MapInsightsEndpoints(this IEndpointRouteBuilder app)
    {
        var insights = app.MapGroup("/v1/insights").WithTags("Insights").RequireAuthorization().ProducesSignedInProblems()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        insights.MapGet("/moods", GetMoodsAsync).WithDescription(
            "One bucket a day for the last 7 or 30 local days, or one per ISO week for the last 26: the check-ins' mean anxiety and population "
            + "standard deviation, the entries' mean sentiment, the moods of entries and check-ins. 403 consent-required without dataProcessing "
            + "consent, 403 private-mode while private mode is on.");
        insights.MapGet("/weekly", GetWeeklyAsync)
            .WithDescription("The insight of an ISO week (default: the current one), computed now from the daily figures; private entries never count.");
        insights.MapGet("/monthly", GetMonthlyAsync)
            .WithDescription("The insight of a calendar month (default: the current one), computed now from the daily figures; private entries never count.");
    }

    private static readonly Dictionary<string, MoodPeriod> s_periods = new(StringComparer.Ordinal)
    {
        ["week"] = MoodPeriod.Week, ["month"] = MoodPeriod.Month, ["6months"] = MoodPeriod.SixMonths,
    };

    private static async Task<Results<Ok<MoodTrends>, ValidationProblem, ProblemHttpResult>> GetMoodsAsync(HttpContext context, IGrainFactory grains, string? period)
    {
        var validator = new Validator();
        if (!s_periods.TryGetValue(period ?? "week", out var moodPeriod)) validator.Add("period", "'period' must be one of: week, month, 6months.");
        if (!validator.IsValid) return validator.Problem();
        return Answer(await grains.GetGrain<IInsightsGrain>(context.User.GetUserId()).GetMoodTrendsAsync(moodPeriod));
    }

    private static Task<Results<Ok<InsightDocument>, ValidationProblem, ProblemHttpResult>> GetWeeklyAsync(HttpContext context, IGrainFactory grains, string? week) =>
        DocumentAsync(context, grains, "week", week, InsightPeriod.ParseWeek, InsightPeriod.WeekOf, "an ISO week (YYYY-Www, e.g. 2026-W48)");

    private static Task<Results<Ok<InsightDocument>, ValidationProblem, ProblemHttpResult>> GetMonthlyAsync(HttpContext context, IGrainFactory grains, string? month) =>
        DocumentAsync(context, grains, "month", month, InsightPeriod.ParseMonth, InsightPeriod.MonthOf, "a month (YYYY-MM)");

    // Without a value, the period that holds the user's today.
    private static async Task<Results<Ok<InsightDocument>, ValidationProblem, ProblemHttpResult>> DocumentAsync(
        HttpContext context, IGrainFactory grains, string field, string? value, Func<string, InsightPeriod?> parse, Func<DateOnly, InsightPeriod> current, string format)
    {
        var userId = context.User.GetUserId();
        InsightPeriod? period;
        if (value is null)
        {
            if (await ProgressEndpoints.TodayAsync(context, grains, userId) is not { } today) return ProblemResults.NotFound("The account does not exist.");
            period = current(today);
        }
        else if ((period = parse(value)) is null)
        {
            return new Validator().Add(field, $"'{field}' must be {format}.").Problem();
        }
        return Answer(await grains.GetGrain<IInsightsGrain>(userId).GetInsightAsync(period));
    }

    private static Results<Ok<T>, ValidationProblem, ProblemHttpResult> Answer<T>(InsightAnswer<T> answer) where T : class => answer.Status switch
    {
        InsightStatus.Ready => TypedResults.Ok(answer.Value!),
        InsightStatus.ConsentRequired => ProblemResults.Forbidden(
            "Insights need your consent to data processing (PUT /v1/me/consent with dataProcessing true); without it none are computed.", ProblemTypes.ConsentRequired),
        InsightStatus.PrivateMode => ProblemResults.Forbidden(
            "Private mode is on (GET /v1/me/settings): insights are paused until you turn it off.", ProblemTypes.PrivateMode),
        _ => ProblemResults.NotFound("The account does not exist."),
    };
}
