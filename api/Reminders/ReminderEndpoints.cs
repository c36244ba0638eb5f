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
    /// <summary>The seed's default (002: 1 low … 5 high).</summary>
    public const int DefaultPriority = 2;

    public static void MapReminderEndpoints(this IEndpointRouteBuilder app)
    {
        var reminders = app.MapGroup("/v1/reminders").WithTags("Reminders").RequireAuthorization();
        reminders.MapPost("", CreateAsync).WithSummary("Create a reminder").AcceptsIdempotencyKey()
            .WithDescription("It fires at remindAt (then again as repeat says) as a reminderDue push and a notification.");
        reminders.MapGet("", ListAsync).WithSummary("List my reminders").WithQuery([ReminderQueryFields.Completed, .. Paging.Fields]);
        reminders.MapPatch("/{id:guid}", UpdateAsync).WithSummary("Change a reminder").WithDescription("Changes the fields sent; 409 once it is completed.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        reminders.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Delete a reminder").ProducesProblem(StatusCodes.Status404NotFound);
        reminders.MapPost("/{id:guid}/complete", CompleteAsync).WithSummary("Complete a reminder").ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>A reminder's fields, as a new reminder and a change have them.</summary>
    public interface IReminderFields
    {
        string? Title { get; }
        string? Description { get; }
        DateTimeOffset? RemindAt { get; }
        int? Priority { get; }
        string? Repeat { get; }
    }

    [Fields(typeof(NewReminderFields))]
    public sealed record ReminderBody(string? Title, string? Description, DateTimeOffset? RemindAt, int? Priority, string? Repeat) : IReminderFields;

    [Fields(typeof(ReminderPatchFields))]
    public sealed record ReminderPatch(string? Title, string? Description, DateTimeOffset? RemindAt, int? Priority, string? Repeat) : IReminderFields;

    public static class ReminderPatchFields
    {
        public static readonly TextField Title = new("title", ReminderLimits.MaxTitleLength);
        public static readonly TextField Description = new("description", ReminderLimits.MaxDescriptionLength);
        public static readonly InstantField RemindAt = new("remindAt") { Description = "In the future." };
        public static readonly IntegerField Priority = new("priority", ReminderLimits.MinPriority, ReminderLimits.MaxPriority)
        {
            Description = $"1 low … 5 high; default {DefaultPriority}.",
        };
        public static readonly ChoiceField<ReminderRepeat> Repeat = ChoiceFields.Of<ReminderRepeat>("repeat") with { Description = "Default none." };
    }

    public static class NewReminderFields
    {
        public static readonly TextField Title = ReminderPatchFields.Title with { Required = true };
        public static readonly TextField Description = ReminderPatchFields.Description;
        public static readonly InstantField RemindAt = ReminderPatchFields.RemindAt with { Required = true };
        public static readonly IntegerField Priority = ReminderPatchFields.Priority;
        public static readonly ChoiceField<ReminderRepeat> Repeat = ReminderPatchFields.Repeat;
    }

    public static class ReminderQueryFields
    {
        public static readonly FlagField Completed = new("completed") { Description = "Only completed reminders (true) or only open ones (false)." };
    }

    private static async Task<Results<Created<Reminder>, Ok<Reminder>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ReminderBody body, HttpContext context, IGrainFactory grains)
    {
        var (validator, repeat) = Validate(body, NewReminderFields.Title, NewReminderFields.RemindAt);
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
        HttpContext context, IGrainFactory grains, string? cursor, string? limit, string? completed)
    {
        var validator = new Validator().Text(Paging.Cursor, cursor);
        var take = Paging.Take(limit, validator);
        var completedOnly = validator.Flag(ReminderQueryFields.Completed, completed);
        if (!validator.IsValid) return validator.Problem();
        var page = await grains.GetGrain<IReminderGrain>(context.User.GetUserId()).ListAsync(new ReminderQuery(cursor, take, completedOnly));
        return TypedResults.Ok(new PageResponse<Reminder>(page.Items, page.NextCursor));
    }

    private static async Task<Results<Ok<Reminder>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, ReminderPatch body, HttpContext context, IGrainFactory grains)
    {
        var (validator, repeat) = Validate(body, ReminderPatchFields.Title, ReminderPatchFields.RemindAt);
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

    /// <summary>
    /// <paramref name="title"/> and <paramref name="remindAt"/> say whether they are required (on create);
    /// whether remindAt is in the future is the grain's check (its clock).
    /// </summary>
    private static (Validator Validator, ReminderRepeat? Repeat) Validate(IReminderFields body, TextField title, InstantField remindAt)
    {
        var validator = new Validator()
            .Text(title, body.Title)
            .Text(ReminderPatchFields.Description, body.Description)
            .Integer(ReminderPatchFields.Priority, body.Priority)
            .Require(remindAt, body.RemindAt is not null);
        if (body.Title is not null && string.IsNullOrWhiteSpace(body.Title)) validator.Add("title", "'title' must not be empty.");
        var repeat = validator.Choice(ReminderPatchFields.Repeat, body.Repeat);
        return (validator, repeat);
    }

    private static string? EmptyAsNull(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static ProblemHttpResult ReminderNotFound() => ProblemResults.NotFound("There is no such reminder.");
}
