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
        var insights = app.MapGroup("/v1/insights").WithTags("Insights").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        insights.MapGet("/moods", GetMoodsAsync).WithSummary("Get my mood trends").WithQuery(Period).WithDescription(
            "One bucket a day for the last 7 or 30 local days, or one per ISO week for the last 26: the check-ins' mean anxiety and population "
            + "standard deviation, the entries' mean sentiment, the moods of entries and check-ins. 403 consent-required without dataProcessing "
            + "consent, 403 private-mode while private mode is on.");
        insights.MapGet("/weekly", GetWeeklyAsync).WithSummary("Get my weekly insight").WithQuery(Week)
            .WithDescription("The insight of an ISO week (default: the current one), computed now from the daily figures; private entries never count.");
        insights.MapGet("/monthly", GetMonthlyAsync).WithSummary("Get my monthly insight").WithQuery(Month)
            .WithDescription("The insight of a calendar month (default: the current one), computed now from the daily figures; private entries never count.");
    }

    private static readonly Dictionary<string, MoodPeriod> s_periods = new(StringComparer.Ordinal)
    {
        ["week"] = MoodPeriod.Week, ["month"] = MoodPeriod.Month, ["6months"] = MoodPeriod.SixMonths,
    };

    public static readonly ChoiceField Period = new("period", [.. s_periods.Keys]) { Default = "week" };

    public static readonly TextField Week = new("week", 8)
    {
        Pattern = "^[0-9]{4}-W[0-9]{2}$", PatternMessage = "'week' must be an ISO week (YYYY-Www, e.g. 2026-W48).",
        Description = "An ISO week from 1900 on (default: the current one).",
    };

    public static readonly TextField Month = new("month", 7)
    {
        Pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$", PatternMessage = "'month' must be a month (YYYY-MM).",
        Description = "A month from 1900 on (default: the current one).",
    };

    private static async Task<Results<Ok<MoodTrends>, ValidationProblem, ProblemHttpResult>> GetMoodsAsync(HttpContext context, IGrainFactory grains, string? period)
    {
        var validator = new Validator();
        var choice = validator.Choice(Period, period);
        if (!validator.IsValid) return validator.Problem();
        return Answer(await grains.GetGrain<IInsightsGrain>(context.User.GetUserId()).GetMoodTrendsAsync(s_periods[choice!]));
    }

    private static Task<Results<Ok<InsightDocument>, ValidationProblem, ProblemHttpResult>> GetWeeklyAsync(HttpContext context, IGrainFactory grains, string? week) =>
        DocumentAsync(context, grains, Week, week, InsightPeriod.ParseWeek, InsightPeriod.WeekOf);

    private static Task<Results<Ok<InsightDocument>, ValidationProblem, ProblemHttpResult>> GetMonthlyAsync(HttpContext context, IGrainFactory grains, string? month) =>
        DocumentAsync(context, grains, Month, month, InsightPeriod.ParseMonth, InsightPeriod.MonthOf);

    // Without a value, the period that holds the user's today. The pattern checks the form; the parser, the calendar (week 53, year 1900 on).
    private static async Task<Results<Ok<InsightDocument>, ValidationProblem, ProblemHttpResult>> DocumentAsync(
        HttpContext context, IGrainFactory grains, TextField field, string? value, Func<string, InsightPeriod?> parse, Func<DateOnly, InsightPeriod> current)
    {
        var userId = context.User.GetUserId();
        InsightPeriod? period;
        if (value is null)
        {
            if (await ProgressEndpoints.TodayAsync(context, grains, userId) is not { } today) return ProblemResults.NotFound("The account does not exist.");
            period = current(today);
        }
        else if (new Validator().Text(field, value) is { IsValid: false } validator) return validator.Problem();
        else if ((period = parse(value)) is null) return new Validator().Add(field.Name, field.PatternMessage!).Problem();
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
