using Journal.Api.Auth;
using Journal.Api.Http;
using Journal.Api.OpenApi;
using Journal.Api.Problems;
using Journal.Api.Validation;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Mood;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Journal.Api.Mood;

/// <summary>Check-ins and the AI-usage log (PRODUCT.md §3), through the user's mood grain.</summary>
public static class MoodEndpoints
{
    public static void MapMoodEndpoints(this IEndpointRouteBuilder app)
    {
        var checkIns = app.MapGroup("/v1/checkins").WithTags("Mood").RequireAuthorization();
        checkIns.MapPost("", CheckInAsync).WithSummary("Check in").AcceptsIdempotencyKey();
        checkIns.MapGet("", ListCheckInsAsync).WithSummary("List my check-ins").WithQuery(TimeRangeFields.All).WithDescription("Newest first.");
        var aiUsage = app.MapGroup("/v1/ai-usage").WithTags("Mood").RequireAuthorization();
        aiUsage.MapPost("", LogAiUsageAsync).WithSummary("Log a use of an AI tool").AcceptsIdempotencyKey();
        aiUsage.MapGet("", ListAiUsageAsync).WithSummary("List my AI-usage log").WithQuery(TimeRangeFields.All).WithDescription("Newest first.");
    }

    [Fields(typeof(CheckInFields))]
    public sealed record CheckInBody(int? AnxietyLevel, string? Mood, List<string?>? Triggers, string? Notes, DateTimeOffset? At);

    [Fields(typeof(AiUsageFields))]
    public sealed record AiUsageBody(string? ToolName, int? DurationMinutes, string? Notes, DateTimeOffset? At);

    public static class CheckInFields
    {
        public static readonly IntegerField AnxietyLevel = new("anxietyLevel", MoodLimits.MinAnxietyLevel, MoodLimits.MaxAnxietyLevel) { Required = true };
        public static readonly ChoiceField<MoodLabel> Mood = ChoiceFields.Of<MoodLabel>("mood");
        public static readonly LabelsField Triggers = new("triggers", MoodLimits.MaxTriggers, MoodLimits.MaxTriggerLength);
        public static readonly TextField Notes = new("notes", MoodLimits.MaxNotesLength);
        public static readonly InstantField At = new("at") { Description = "When it was; default now." };
    }

    public static class AiUsageFields
    {
        public static readonly TextField ToolName = new("toolName", MoodLimits.MaxToolNameLength) { Required = true };
        public static readonly IntegerField DurationMinutes = new("durationMinutes", 1, MoodLimits.MaxDurationMinutes) { Required = true };
        public static readonly TextField Notes = CheckInFields.Notes;
        public static readonly InstantField At = CheckInFields.At;
    }

    /// <summary>The filters of the check-in and AI-usage lists: an instant range and paging.</summary>
    public static class TimeRangeFields
    {
        public static readonly InstantField From = new("from") { Description = "Records at or after this instant." };
        public static readonly InstantField To = new("to") { Description = "Records before this instant." };

        public static readonly Field[] All = [From, To, .. Paging.Fields];
    }

    private static async Task<Results<Created<CheckIn>, Ok<CheckIn>, ValidationProblem, ProblemHttpResult>> CheckInAsync(
        CheckInBody body, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator().Integer(CheckInFields.AnxietyLevel, body.AnxietyLevel).Text(CheckInFields.Notes, body.Notes);
        var mood = validator.Choice(CheckInFields.Mood, body.Mood);
        var triggers = validator.Labels(CheckInFields.Triggers, body.Triggers);
        var idempotency = Idempotency.FromRequest(context, body, validator);
        if (!validator.IsValid) return validator.Problem();
        var result = await grains.GetGrain<IMoodGrain>(context.User.GetUserId())
            .CheckInAsync(new NewCheckIn(body.AnxietyLevel!.Value, mood, triggers, body.Notes, body.At), RequestAccess.Clock(context), idempotency);
        return result.Status switch
        {
            CreateStatus.KeyReused => ProblemResults.UnprocessableIdempotencyKey(),
            CreateStatus.Replayed => TypedResults.Ok(result.Item!),
            _ => TypedResults.Created($"/v1/checkins/{result.Item!.Id}", result.Item),
        };
    }

    private static async Task<Results<Ok<PageResponse<CheckIn>>, ValidationProblem>> ListCheckInsAsync(
        HttpContext context, IGrainFactory grains, string? cursor, string? limit, string? from, string? to)
    {
        var (validator, query) = Validate(cursor, limit, from, to);
        if (query is null) return validator.Problem();
        var page = await grains.GetGrain<IMoodGrain>(context.User.GetUserId()).ListCheckInsAsync(query);
        return TypedResults.Ok(new PageResponse<CheckIn>(page.Items, page.NextCursor));
    }

    private static async Task<Results<Created<AiUsage>, Ok<AiUsage>, ValidationProblem, ProblemHttpResult>> LogAiUsageAsync(
        AiUsageBody body, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator()
            .Text(AiUsageFields.ToolName, body.ToolName)
            .Integer(AiUsageFields.DurationMinutes, body.DurationMinutes)
            .Text(AiUsageFields.Notes, body.Notes);
        var idempotency = Idempotency.FromRequest(context, body, validator);
        if (!validator.IsValid) return validator.Problem();
        var result = await grains.GetGrain<IMoodGrain>(context.User.GetUserId())
            .LogAiUsageAsync(new NewAiUsage(body.ToolName!.Trim(), body.DurationMinutes!.Value, body.Notes, body.At), RequestAccess.Clock(context), idempotency);
        return result.Status switch
        {
            CreateStatus.KeyReused => ProblemResults.UnprocessableIdempotencyKey(),
            CreateStatus.Replayed => TypedResults.Ok(result.Item!),
            _ => TypedResults.Created($"/v1/ai-usage/{result.Item!.Id}", result.Item),
        };
    }

    private static async Task<Results<Ok<PageResponse<AiUsage>>, ValidationProblem>> ListAiUsageAsync(
        HttpContext context, IGrainFactory grains, string? cursor, string? limit, string? from, string? to)
    {
        var (validator, query) = Validate(cursor, limit, from, to);
        if (query is null) return validator.Problem();
        var page = await grains.GetGrain<IMoodGrain>(context.User.GetUserId()).ListAiUsageAsync(query);
        return TypedResults.Ok(new PageResponse<AiUsage>(page.Items, page.NextCursor));
    }

    private static (Validator Validator, TimeRangeQuery? Query) Validate(string? cursor, string? limit, string? from, string? to)
    {
        var validator = new Validator().Text(Paging.Cursor, cursor);
        var take = Paging.Take(limit, validator);
        var fromInstant = validator.Instant(TimeRangeFields.From, from);
        var toInstant = validator.Instant(TimeRangeFields.To, to);
        return (validator, validator.IsValid ? new TimeRangeQuery(cursor, take, fromInstant, toInstant) : null);
    }
}
