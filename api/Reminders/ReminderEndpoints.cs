using Journal.Api.Auth;
using Journal.Api.Http;
using Journal.Api.OpenApi;
using Journal.Api.Problems;
using Journal.Api.Validation;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Reminders;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Journal.Api.Reminders;

/// <summary>Reminders (PRODUCT.md §5), through the user's reminder grain, which also fires them.</summary>
public static class ReminderEndpoints
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 2_000;

    /// <summary>The seed's default (002: 1 low … 5 high).</summary>
    public const int DefaultPriority = 2;

    public static void MapReminderEndpoints(this IEndpointRouteBuilder app)
    {
        var reminders = app.MapGroup("/v1/reminders").WithTags("Reminders").RequireAuthorization().ProducesSignedInProblems();
        reminders.MapPost("", CreateAsync).AcceptsIdempotencyKey();
        reminders.MapGet("", ListAsync);
        reminders.MapPatch("/{id:guid}", UpdateAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        reminders.MapDelete("/{id:guid}", DeleteAsync).ProducesProblem(StatusCodes.Status404NotFound);
        reminders.MapPost("/{id:guid}/complete", CompleteAsync).ProducesProblem(StatusCodes.Status404NotFound);
    }

    public sealed record ReminderBody(string? Title, string? Description, DateTimeOffset? RemindAt, int? Priority, string? Repeat);

    private static async Task<Results<Created<Reminder>, Ok<Reminder>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ReminderBody body, HttpContext context, IGrainFactory grains)
    {
        var (validator, repeat) = Validate(body, creating: true);
        var idempotency = Idempotency.FromRequest(context, body, validator);
        if (!validator.IsValid) return validator.Problem();
        var result = await grains.GetGrain<IReminderGrain>(context.User.GetUserId()).CreateAsync(
            new NewReminder(body.Title!.Trim(), EmptyAsNull(body.Description), body.RemindAt!.Value, body.Priority ?? DefaultPriority, repeat ?? ReminderRepeat.None),
            idempotency);
        return result.Status switch
        {
            CreateStatus.KeyReused => ProblemResults.UnprocessableIdempotencyKey(),
            CreateStatus.Replayed => TypedResults.Ok(result.Item!),
            _ => TypedResults.Created($"/v1/reminders/{result.Item!.Id}", result.Item),
        };
    }

    private static async Task<Results<Ok<PageResponse<Reminder>>, ValidationProblem>> ListAsync(
        HttpContext context, IGrainFactory grains, string? cursor, string? limit, bool? completed)
    {
        var validator = new Validator().Text("cursor", cursor, 200);
        var take = Paging.Limit(limit, validator);
        if (!validator.IsValid) return validator.Problem();
        var page = await grains.GetGrain<IReminderGrain>(context.User.GetUserId()).ListAsync(new ReminderQuery(cursor, take, completed));
        return TypedResults.Ok(new PageResponse<Reminder>(page.Items, page.NextCursor));
    }

    private static async Task<Results<Ok<Reminder>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, ReminderBody body, HttpContext context, IGrainFactory grains)
    {
        var (validator, repeat) = Validate(body, creating: false);
        if (!validator.IsValid) return validator.Problem();
        var result = await grains.GetGrain<IReminderGrain>(context.User.GetUserId())
            .UpdateAsync(id, new ReminderChange(body.Title?.Trim(), body.Description, body.RemindAt, body.Priority, repeat));
        return result.Status switch
        {
            ReminderEditStatus.NotFound => ReminderNotFound(),
            ReminderEditStatus.Completed => ProblemResults.Conflict("The reminder is completed; create a new one instead."),
            _ => TypedResults.Ok(result.Reminder!),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, HttpContext context, IGrainFactory grains) =>
        await grains.GetGrain<IReminderGrain>(context.User.GetUserId()).DeleteAsync(id) ? TypedResults.NoContent() : ReminderNotFound();

    private static async Task<Results<Ok<Reminder>, ProblemHttpResult>> CompleteAsync(Guid id, HttpContext context, IGrainFactory grains)
    {
        var result = await grains.GetGrain<IReminderGrain>(context.User.GetUserId()).CompleteAsync(id);
        return result.Status == ReminderEditStatus.NotFound ? ReminderNotFound() : TypedResults.Ok(result.Reminder!);
    }

    /// <summary>Title and remindAt are required on create; whether remindAt is in the future is the grain's check (its clock).</summary>
    private static (Validator Validator, ReminderRepeat? Repeat) Validate(ReminderBody body, bool creating)
    {
        var validator = new Validator()
            .Text("title", body.Title, MaxTitleLength, required: creating)
            .Text("description", body.Description, MaxDescriptionLength)
            .Range("priority", body.Priority, 1, 5);
        if (body.Title is not null && string.IsNullOrWhiteSpace(body.Title)) validator.Add("title", "'title' must not be empty.");
        if (creating && body.RemindAt is null) validator.Add("remindAt", "'remindAt' is required.");
        ReminderRepeat? repeat = null;
        if (body.Repeat is not null)
        {
            if (Enum.TryParse<ReminderRepeat>(body.Repeat, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(body.Repeat, out _)) repeat = parsed;
            else validator.Add("repeat", "'repeat' must be one of: none, daily, weekly, monthly.");
        }
        return (validator, repeat);
    }

    private static string? EmptyAsNull(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static ProblemHttpResult ReminderNotFound() => ProblemResults.NotFound("There is no such reminder.");
}
