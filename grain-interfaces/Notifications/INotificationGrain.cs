using System.Collections.Immutable;
using Journal.Runtime;

namespace Journal.GrainInterfaces.Notifications;

/// <summary>
/// A user's notification inbox (key = user id; PRODUCT.md §5): the single writer of their
/// notifications rows. Every feature that tells the user something goes through it.
/// </summary>
public interface INotificationGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Stores the notification (title and body sealed) and pushes it to the user's devices as
    /// <c>notification</c>. With a <see cref="NewNotification.DedupeKey"/> seen before, returns the
    /// first notification and pushes nothing, so a redelivered event or a re-fired reminder notifies once.
    /// </summary>
    Task<Notification> NotifyAsync(NewNotification notification);

    [ReadOnly]
    Task<Page<Notification>> ListAsync(NotificationQuery query);

    /// <summary>Marks one notification read (idempotent); false when the user has no such notification.</summary>
    Task<bool> MarkReadAsync(Guid notificationId);

    [ReadOnly]
    Task<ImmutableList<Notification>> ExportAsync();

    Task EraseAsync();
}

public sealed record NewNotification(string Kind, string Title, string Body, string? DedupeKey);

public sealed record Notification(Guid Id, string Kind, string Title, string Body, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>Newest first; <paramref name="UnreadOnly"/> leaves out what was read.</summary>
public sealed record NotificationQuery(string? Cursor, int Limit, bool UnreadOnly);

/// <summary>What a notification is about; clients choose an icon and a screen by it.</summary>
public static class NotificationKinds
{
    public const string Reminder = "reminder";
    public const string CrisisResources = "crisis_resources";
    public const string Moderation = "moderation";
    public const string Insight = "insight";
    public const string Community = "community";
}
