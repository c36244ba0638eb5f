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
    public const int MaxNotesLength = 5_000;
    public const int MaxTriggers = 20;
    public const int MaxTriggerLength = 50;

    public static void MapMoodEndpoints(this IEndpointRouteBuilder app)
    {
        var checkIns = app.MapGroup("/v1/checkins").WithTags("Mood").RequireAuthorization().ProducesSignedInProblems();
        checkIns.MapPost("", CheckInAsync).AcceptsIdempotencyKey();
        checkIns.MapGet("", ListCheckInsAsync);
        var aiUsage = app.MapGroup("/v1/ai-usage").WithTags("Mood").RequireAuthorization().ProducesSignedInProblems();
        aiUsage.MapPost("", LogAiUsageAsync).AcceptsIdempotencyKey();
        aiUsage.MapGet("", ListAiUsageAsync);
    }

    public sealed record CheckInBody(int? AnxietyLevel, string? Mood, List<string?>? Triggers, string? Notes, DateTimeOffset? At);

    public sealed record AiUsageBody(string? ToolName, int? DurationMinutes, string? Notes, DateTimeOffset? At);

    private static async Task<Results<Created<CheckIn>, Ok<CheckIn>, ValidationProblem, ProblemHttpResult>> CheckInAsync(
        CheckInBody body, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator().Range("anxietyLevel", body.AnxietyLevel, 1, 10, required: true).Text("notes", body.Notes, MaxNotesLength);
        var mood = QueryValues.Mood("mood", body.Mood, validator);
        var triggers = validator.Labels("triggers", body.Triggers, MaxTriggers, MaxTriggerLength);
        var idempotency = Idempotency.FromRequest(context, body, validator);
        if (!validator.IsValid) return validator.Problem();
        var result = await grains.GetGrain<IMoodGrain>(context.User.GetUserId())
            .CheckInAsync(new NewCheckIn(body.AnxietyLevel!.Value, mood, triggers, body.Notes, body.At), idempotency);
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
            .Text("toolName", body.ToolName, 100, required: true)
            .Range("durationMinutes", body.DurationMinutes, 1, 1440, required: true)
            .Text("notes", body.Notes, MaxNotesLength);
        var idempotency = Idempotency.FromRequest(context, body, validator);
        if (!validator.IsValid) return validator.Problem();
        var result = await grains.GetGrain<IMoodGrain>(context.User.GetUserId())
            .LogAiUsageAsync(new NewAiUsage(body.ToolName!.Trim(), body.DurationMinutes!.Value, body.Notes, body.At), idempotency);
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
        var validator = new Validator().Text("cursor", cursor, 200);
        var take = Paging.Limit(limit, validator);
        var fromInstant = QueryValues.Instant("from", from, validator);
        var toInstant = QueryValues.Instant("to", to, validator);
        return (validator, validator.IsValid ? new TimeRangeQuery(cursor, take, fromInstant, toInstant) : null);
    }
}
