using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Journal.GrainInterfaces.Notifications;

/// <summary>
/// A user's notification inbox (key = user id; PRODUCT.md §5): the single writer of their
/// notifications rows. Every feature that tells the user something goes through it.
/// </summary>
[Alias("journal.INotificationGrain")]
public interface INotificationGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Stores the notification (title and body sealed) and pushes it to the user's devices as
    /// <c>notification</c>. With a <see cref="NewNotification.DedupeKey"/> seen before, returns the
    /// first notification and pushes nothing, so a redelivered event or a re-fired reminder notifies once.
    /// </summary>
    [Alias("NotifyAsync")]
    Task<Notification> NotifyAsync(NewNotification notification);

    [ReadOnly]
    [Alias("ListAsync")]
    Task<Page<Notification>> ListAsync(NotificationQuery query);

    /// <summary>Marks one notification read (idempotent); false when the user has no such notification.</summary>
    [Alias("MarkReadAsync")]
    Task<bool> MarkReadAsync(Guid notificationId);

    [ReadOnly]
    [Alias("ExportAsync")]
    Task<ImmutableList<Notification>> ExportAsync();

    [Alias("EraseAsync")]
    Task EraseAsync();
}

[GenerateSerializer, Immutable, Alias("journal.NewNotification")]
public sealed record NewNotification(string Kind, string Title, string Body, string? DedupeKey);

[GenerateSerializer, Immutable, Alias("journal.Notification")]
public sealed record Notification(Guid Id, string Kind, string Title, string Body, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>Newest first; <paramref name="UnreadOnly"/> leaves out what was read.</summary>
[GenerateSerializer, Immutable, Alias("journal.NotificationQuery")]
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
