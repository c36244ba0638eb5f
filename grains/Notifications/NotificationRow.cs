using Journal.GrainInterfaces.Notifications;
using Journal.Grains.Privacy;

namespace Journal.Grains.Notifications;

/// <summary>A notifications row; title and body are sealed under the user's data key.</summary>
internal sealed class NotificationRow
{
    public const string TitlePurpose = "notification-title";
    public const string BodyPurpose = "notification-body";
    public const string Columns = "id, kind, sealed_title, sealed_body, created_at, read_at";

    public Guid Id { get; init; }
    public string Kind { get; init; } = "";
    public byte[] SealedTitle { get; init; } = [];
    public byte[] SealedBody { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ReadAt { get; init; }

    public Notification ToNotification(UserDataKey key) => new(Id, Kind,
        key.Open<string>(TitlePurpose, Id, SealedTitle), key.Open<string>(BodyPurpose, Id, SealedBody), CreatedAt, ReadAt);
}
