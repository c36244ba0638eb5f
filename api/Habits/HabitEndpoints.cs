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
    public static void MapHabitEndpoints(this IEndpointRouteBuilder app)
    {
        var habits = app.MapGroup("/v1/habits").WithTags("Habits").RequireAuthorization();
        habits.MapPost("", CreateAsync).WithSummary("Create a habit").AcceptsIdempotencyKey().ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("409 when I already have a habit of this name. A custom habit's period is meta.everyDays.");
        habits.MapGet("", ListAsync).WithSummary("List my habits").WithQuery(Paging.Fields);
        habits.MapPatch("/{id:guid}", UpdateAsync).WithSummary("Change a habit").WithDescription("Changes the fields sent.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        habits.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Delete a habit").ProducesProblem(StatusCodes.Status404NotFound);
        habits.MapPost("/{id:guid}/completions", CompleteAsync).WithSummary("Mark a habit done for a day").ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("201 the first time for that day, 200 when it was already done.");
    }

    /// <summary>A habit's fields, as a new habit and a change have them.</summary>
    public interface IHabitFields
    {
        string? Name { get; }
        string? Frequency { get; }
        int? TargetPerPeriod { get; }
        JsonElement? Meta { get; }
    }

    [Fields(typeof(NewHabitFields))]
    public sealed record HabitBody(string? Name, string? Frequency, int? TargetPerPeriod, JsonElement? Meta) : IHabitFields;

    [Fields(typeof(HabitPatchFields))]
    public sealed record HabitPatch(string? Name, string? Frequency, int? TargetPerPeriod, JsonElement? Meta) : IHabitFields;

    [Fields(typeof(CompletionFields))]
    public sealed record CompletionBody(DateOnly? Date);

    public static class HabitPatchFields
    {
        public static readonly TextField Name = new("name", HabitLimits.MaxNameLength) { Description = "Unique among my habits." };
        public static readonly ChoiceField<HabitFrequency> Frequency = ChoiceFields.Of<HabitFrequency>("frequency");
        public static readonly IntegerField TargetPerPeriod = new("targetPerPeriod", 1, HabitLimits.MaxTargetPerPeriod)
        {
            Description = "Completions a period needs; it must fit the period (e.g. at most 7 a week).",
        };
        public static readonly JsonObjectField Meta = new("meta", HabitLimits.MaxMetaLength)
        {
            Description = "The client's own data; everyDays (a whole number) is a custom habit's period in days.",
        };
    }

    public static class NewHabitFields
    {
        public static readonly TextField Name = HabitPatchFields.Name with { Required = true };
        public static readonly ChoiceField<HabitFrequency> Frequency = HabitPatchFields.Frequency with { Required = true };
        public static readonly IntegerField TargetPerPeriod = HabitPatchFields.TargetPerPeriod;
        public static readonly JsonObjectField Meta = HabitPatchFields.Meta;
    }

    public static class CompletionFields
    {
        public static readonly DateField Date = new("date") { Description = "The local day it was done; default today; not in the future." };
    }

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
        var (name, frequency, meta, periodDays) = Validate(body, validator, NewHabitFields.Name, NewHabitFields.Frequency);
        var idempotency = Idempotency.FromRequest(context, body, validator);
        if (!validator.IsValid) return validator.Problem();
        var result = await grains.GetGrain<IHabitGrain>(context.User.GetUserId())
            .CreateAsync(new HabitDefinition(name!, frequency!.Value, body.TargetPerPeriod, periodDays, meta ?? "{}"), RequestAccess.Clock(context), idempotency);
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
        var validator = new Validator().Text(Paging.Cursor, cursor);
        var take = Paging.Take(limit, validator);
        if (!validator.IsValid) return validator.Problem();
        var page = await grains.GetGrain<IHabitGrain>(context.User.GetUserId()).ListAsync(cursor, take, RequestAccess.Clock(context));
        return TypedResults.Ok(new PageResponse<HabitResponse>([.. page.Items.Select(HabitResponse.From)], page.NextCursor));
    }

    private static async Task<Results<Ok<HabitResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, HabitPatch body, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator();
        var (name, frequency, meta, periodDays) = Validate(body, validator, HabitPatchFields.Name, HabitPatchFields.Frequency);
        if (!validator.IsValid) return validator.Problem();
        var result = await grains.GetGrain<IHabitGrain>(context.User.GetUserId())
            .UpdateAsync(id, new HabitChange(name, frequency, body.TargetPerPeriod, periodDays, meta), RequestAccess.Clock(context));
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
        var result = await grains.GetGrain<IHabitGrain>(context.User.GetUserId()).CompleteAsync(id, body?.Date, RequestAccess.Clock(context));
        return result.Status switch
        {
            CompletionStatus.NotFound => HabitNotFound(),
            CompletionStatus.AlreadyDone => TypedResults.Ok(result.Completion!),
            _ => TypedResults.Created($"/v1/habits/{id}", result.Completion!),
        };
    }

    /// <summary>
    /// Checks the fields given (<paramref name="name"/> and <paramref name="frequency"/> say whether they
    /// are required); the target's fit to the frequency is the grain's rule (<c>HabitPeriods.CheckTarget</c>).
    /// A custom habit's period is meta.everyDays: it is read here, since meta is otherwise the client's own.
    /// </summary>
    private static (string? Name, HabitFrequency? Frequency, string? Meta, int? PeriodDays) Validate(
        IHabitFields body, Validator validator, TextField name, ChoiceField<HabitFrequency> frequency)
    {
        validator.Text(name, body.Name).Integer(HabitPatchFields.TargetPerPeriod, body.TargetPerPeriod);
        if (body.Name is not null && string.IsNullOrWhiteSpace(body.Name)) validator.Add(name.Name, $"'{name.Name}' must not be empty.");
        var chosen = validator.Choice(frequency, body.Frequency);
        var meta = validator.JsonObject(HabitPatchFields.Meta, body.Meta);
        int? periodDays = null;
        if (meta is not null && body.Meta!.Value.TryGetProperty("everyDays", out var everyDays))
        {
            if (everyDays.ValueKind == JsonValueKind.Number && everyDays.TryGetInt32(out var days)) periodDays = days;
            else validator.Add("meta.everyDays", "'meta.everyDays' must be a whole number of days.");
        }
        // Spaces are collapsed so that names compare as people read them (uniqueness, peer matching).
        var collapsed = body.Name is null ? null : string.Join(' ', body.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return (collapsed, chosen, meta, periodDays);
    }

    private static ProblemHttpResult HabitNotFound() => ProblemResults.NotFound("There is no such habit.");

    private static ProblemHttpResult NameTaken() => ProblemResults.Conflict("You already have a habit with this name.");
}
