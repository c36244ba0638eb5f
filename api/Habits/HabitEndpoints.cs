using System.Text.Json;
using Journal.Api.Auth;
using Journal.Api.Http;
using Journal.Api.OpenApi;
using Journal.Api.Problems;
using Journal.Api.Validation;
using Journal.GrainInterfaces.Habits;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Journal.Api.Habits;

/// <summary>Habits, their completions and streaks (PRODUCT.md §5), through the user's habit grain.</summary>
public static class HabitEndpoints
{
    public const int MaxNameLength = 80;
    public const int MaxMetaLength = 2_000;

    public static void MapHabitEndpoints(this IEndpointRouteBuilder app)
    {
        var habits = app.MapGroup("/v1/habits").WithTags("Habits").RequireAuthorization().ProducesSignedInProblems();
        habits.MapPost("", CreateAsync).AcceptsIdempotencyKey().ProducesProblem(StatusCodes.Status409Conflict);
        habits.MapGet("", ListAsync);
        habits.MapPatch("/{id:guid}", UpdateAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        habits.MapDelete("/{id:guid}", DeleteAsync).ProducesProblem(StatusCodes.Status404NotFound);
        habits.MapPost("/{id:guid}/completions", CompleteAsync).ProducesProblem(StatusCodes.Status404NotFound);
    }

    public sealed record HabitBody(string? Name, string? Frequency, int? TargetPerPeriod, JsonElement? Meta);

    public sealed record CompletionBody(DateOnly? Date);

    /// <summary>A habit as clients see it: <paramref name="Meta"/> is the JSON object they stored.</summary>
    public sealed record HabitResponse(
        Guid Id, string Name, HabitFrequency Frequency, int TargetPerPeriod, JsonElement Meta, DateOnly CreatedOn, DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt, HabitStreak Streak)
    {
        public static HabitResponse From(Habit h) =>
            new(h.Id, h.Name, h.Frequency, h.TargetPerPeriod, JsonDocument.Parse(h.Meta).RootElement, h.CreatedOn, h.CreatedAt, h.UpdatedAt, h.Streak);
    }

    private static async Task<Results<Created<HabitResponse>, Ok<HabitResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HabitBody body, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator();
        var (name, frequency, meta, periodDays) = Validate(body, validator, creating: true);
        var idempotency = Idempotency.FromRequest(context, body, validator);
        if (!validator.IsValid) return validator.Problem();
        var result = await grains.GetGrain<IHabitGrain>(context.User.GetUserId())
            .CreateAsync(new HabitDefinition(name!, frequency!.Value, body.TargetPerPeriod, periodDays, meta ?? "{}"), idempotency);
        return result.Status switch
        {
            HabitStatus.KeyReused => ProblemResults.UnprocessableIdempotencyKey(),
            HabitStatus.NameTaken => NameTaken(),
            HabitStatus.Replayed => TypedResults.Ok(HabitResponse.From(result.Habit!)),
            _ => TypedResults.Created($"/v1/habits/{result.Habit!.Id}", HabitResponse.From(result.Habit)),
        };
    }

    private static async Task<Results<Ok<PageResponse<HabitResponse>>, ValidationProblem>> ListAsync(
        HttpContext context, IGrainFactory grains, string? cursor, string? limit)
    {
        var validator = new Validator().Text("cursor", cursor, 200);
        var take = Paging.Limit(limit, validator);
        if (!validator.IsValid) return validator.Problem();
        var page = await grains.GetGrain<IHabitGrain>(context.User.GetUserId()).ListAsync(cursor, take);
        return TypedResults.Ok(new PageResponse<HabitResponse>([.. page.Items.Select(HabitResponse.From)], page.NextCursor));
    }

    private static async Task<Results<Ok<HabitResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, HabitBody body, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator();
        var (name, frequency, meta, periodDays) = Validate(body, validator, creating: false);
        if (!validator.IsValid) return validator.Problem();
        var result = await grains.GetGrain<IHabitGrain>(context.User.GetUserId())
            .UpdateAsync(id, new HabitChange(name, frequency, body.TargetPerPeriod, periodDays, meta));
        return result.Status switch
        {
            HabitStatus.NotFound => HabitNotFound(),
            HabitStatus.NameTaken => NameTaken(),
            _ => TypedResults.Ok(HabitResponse.From(result.Habit!)),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, HttpContext context, IGrainFactory grains) =>
        await grains.GetGrain<IHabitGrain>(context.User.GetUserId()).DeleteAsync(id) ? TypedResults.NoContent() : HabitNotFound();

    private static async Task<Results<Created<HabitCompletion>, Ok<HabitCompletion>, ProblemHttpResult>> CompleteAsync(
        Guid id, CompletionBody? body, HttpContext context, IGrainFactory grains)
    {
        var result = await grains.GetGrain<IHabitGrain>(context.User.GetUserId()).CompleteAsync(id, body?.Date);
        return result.Status switch
        {
            CompletionStatus.NotFound => HabitNotFound(),
            CompletionStatus.AlreadyDone => TypedResults.Ok(result.Completion!),
            _ => TypedResults.Created($"/v1/habits/{id}", result.Completion!),
        };
    }

    /// <summary>
    /// Checks the fields given (all but targetPerPeriod and meta are required on create); the target's
    /// fit to the frequency is the grain's rule (<c>HabitPeriods.CheckTarget</c>). A custom habit's
    /// period is meta.everyDays: it is read here, since meta is otherwise the client's own.
    /// </summary>
    private static (string? Name, HabitFrequency? Frequency, string? Meta, int? PeriodDays) Validate(HabitBody body, Validator validator, bool creating)
    {
        validator.Text("name", body.Name, MaxNameLength, required: creating);
        if (body.Name is not null && string.IsNullOrWhiteSpace(body.Name)) validator.Add("name", "'name' must not be empty.");
        validator.Range("targetPerPeriod", body.TargetPerPeriod, 1, 365);

        HabitFrequency? frequency = null;
        if (body.Frequency is null)
        {
            if (creating) validator.Add("frequency", "'frequency' is required.");
        }
        else if (Enum.TryParse<HabitFrequency>(body.Frequency, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(body.Frequency, out _))
        {
            frequency = parsed;
        }
        else
        {
            validator.Add("frequency", "'frequency' must be one of: daily, weekly, monthly, custom.");
        }

        string? meta = null;
        int? periodDays = null;
        if (body.Meta is { } element && element.ValueKind != JsonValueKind.Null)
        {
            meta = element.GetRawText();
            if (element.ValueKind != JsonValueKind.Object) validator.Add("meta", "'meta' must be a JSON object.");
            else if (meta.Length > MaxMetaLength) validator.Add("meta", $"'meta' must be at most {MaxMetaLength} characters of JSON.");
            else if (element.TryGetProperty("everyDays", out var everyDays))
            {
                if (everyDays.ValueKind == JsonValueKind.Number && everyDays.TryGetInt32(out var days)) periodDays = days;
                else validator.Add("meta.everyDays", "'meta.everyDays' must be a whole number of days.");
            }
        }
        // Spaces are collapsed so that names compare as people read them (uniqueness, peer matching).
        var name = body.Name is null ? null : string.Join(' ', body.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return (name, frequency, meta, periodDays);
    }

    private static ProblemHttpResult HabitNotFound() => ProblemResults.NotFound("There is no such habit.");

    private static ProblemHttpResult NameTaken() => ProblemResults.Conflict("You already have a habit with this name.");
}
