using System.Collections.Immutable;
using Dapper;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Notifications;
using Journal.Grains.Privacy;
using Journal.Grains.Realtime;
using Journal.Grains.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Journal.Grains.Notifications;

/// <summary>
/// A user's notification inbox. The rows are its whole state (there is nothing to keep in grain
/// state), so each write is one statement; turns run one at a time, so a dedupe check and its insert
/// cannot interleave with another notify for the same user.
/// </summary>
[GrainType(GrainTypes.Notifications)]
public sealed class NotificationGrain(NpgsqlDataSource dataSource, UserKeyStore keys, IUserUpdates updates)
    : Grain, INotificationGrain
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 2_000;

    private UserDataKey? _key;

    private Guid UserId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) => _key = await keys.LoadAsync(UserId, cancellationToken);

    public async Task<Notification> NotifyAsync(NewNotification notification)
    {
        var key = RequireKey();
        if (notification.DedupeKey is { } dedupeKey && await FindByDedupeKeyAsync(dedupeKey, key) is { } earlier) return earlier;

        var id = Guid.NewGuid();
        var row = new NotificationRow
        {
            Id = id,
            Kind = notification.Kind,
            SealedTitle = key.Seal(NotificationRow.TitlePurpose, id, Shorten(notification.Title, MaxTitleLength)),
            SealedBody = key.Seal(NotificationRow.BodyPurpose, id, Shorten(notification.Body, MaxBodyLength)),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO notifications (user_id, id, kind, sealed_title, sealed_body, dedupe_key, created_at)
                VALUES (@UserId, @Id, @Kind, @SealedTitle, @SealedBody, @DedupeKey, @CreatedAt)
                """,
                new { UserId, row.Id, row.Kind, row.SealedTitle, row.SealedBody, notification.DedupeKey, row.CreatedAt });
        }
        var stored = row.ToNotification(key);
        // The inbox already holds it: a device that misses the push sees it when it lists the inbox.
        await updates.SendAsync(UserId, UserUpdateEvents.Notification, stored);
        return stored;
    }

    public async Task<Page<Notification>> ListAsync(NotificationQuery query)
    {
        var key = RequireKey();
        var (afterAt, afterId) = TimeCursor.Decode(query.Cursor);
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<NotificationRow>(
            $"""
            SELECT {NotificationRow.Columns} FROM notifications
            WHERE user_id = @UserId AND (NOT @UnreadOnly OR read_at IS NULL)
              AND (@afterAt::timestamptz IS NULL OR (created_at, id) < (@afterAt, @afterId))
            ORDER BY created_at DESC, id DESC
            LIMIT @take
            """,
            new { UserId, query.UnreadOnly, afterAt, afterId, take = query.Limit + 1 })).ToList();
        return TimeCursor.ToPage(rows, query.Limit, row => (row.CreatedAt, row.Id), row => row.ToNotification(key));
    }

    public async Task<bool> MarkReadAsync(Guid notificationId)
    {
        RequireKey();
        await using var connection = await dataSource.OpenConnectionAsync();
        // Reading twice keeps the first read time.
        var found = await connection.ExecuteAsync(
            "UPDATE notifications SET read_at = COALESCE(read_at, @Now) WHERE user_id = @UserId AND id = @notificationId",
            new { UserId, notificationId, Now = DateTimeOffset.UtcNow });
        return found == 1;
    }

    public async Task<ImmutableList<Notification>> ExportAsync()
    {
        var key = RequireKey();
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<NotificationRow>(
            $"SELECT {NotificationRow.Columns} FROM notifications WHERE user_id = @UserId ORDER BY created_at DESC, id DESC", new { UserId });
        return [.. rows.Select(row => row.ToNotification(key))];
    }

    public async Task EraseAsync()
    {
        await using (var connection = await dataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("DELETE FROM notifications WHERE user_id = @UserId", new { UserId });
        _key = null;
        DeactivateOnIdle();
    }

    private async Task<Notification?> FindByDedupeKeyAsync(string dedupeKey, UserDataKey key)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleOrDefaultAsync<NotificationRow>(
            $"SELECT {NotificationRow.Columns} FROM notifications WHERE user_id = @UserId AND dedupe_key = @dedupeKey", new { UserId, dedupeKey });
        return row?.ToNotification(key);
    }

    // Notifications are written by features, not typed by users: a long text is cut rather than refused.
    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private UserDataKey RequireKey() => _key ?? throw new AccountNotFoundException(UserId);
}
