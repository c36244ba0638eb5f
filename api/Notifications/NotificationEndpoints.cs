using Journal.Api.Auth;
using Journal.Api.Http;
using Journal.Api.OpenApi;
using Journal.Api.Problems;
using Journal.Api.Validation;
using Journal.GrainInterfaces.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Journal.Api.Notifications;

/// <summary>The notification inbox (PRODUCT.md §5), through the user's notification grain.</summary>
public static class NotificationEndpoints
{
    public static void MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        var inbox = app.MapGroup("/v1/me/notifications").WithTags("Notifications").RequireAuthorization();
        inbox.MapGet("", ListAsync).WithSummary("List my notifications").WithQuery([.. Paging.Fields, Unread]).WithDescription("Newest first.");
        inbox.MapPost("/{id:guid}/read", MarkReadAsync).WithSummary("Mark a notification read").ProducesProblem(StatusCodes.Status404NotFound);
    }

    public static readonly FlagField Unread = new("unread") { Description = "Only the unread ones (default false)." };

    private static async Task<Results<Ok<PageResponse<Notification>>, ValidationProblem>> ListAsync(
        HttpContext context, IGrainFactory grains, string? unread, string? cursor, string? limit)
    {
        var validator = new Validator().Text(Paging.Cursor, cursor);
        var take = Paging.Take(limit, validator);
        var unreadOnly = validator.Flag(Unread, unread) ?? false;
        if (!validator.IsValid) return validator.Problem();
        var page = await grains.GetGrain<INotificationGrain>(context.User.GetUserId()).ListAsync(new NotificationQuery(cursor, take, unreadOnly));
        return TypedResults.Ok(new PageResponse<Notification>(page.Items, page.NextCursor));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(Guid id, HttpContext context, IGrainFactory grains) =>
        await grains.GetGrain<INotificationGrain>(context.User.GetUserId()).MarkReadAsync(id)
            ? TypedResults.NoContent()
            : ProblemResults.NotFound("There is no such notification.");
}
