using System.Collections.Immutable;
using Dapper;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Community;
using Journal.Grains.Storage;
using Journal.Persistence.Storage;
using Npgsql;
using Orleans.Streams;

namespace Journal.Grains.Community;

/// <summary>
/// The mod log: every moderation action is a row, written by the grain that performed it in the same
/// unit of work as the change it records, so the log never claims what did not happen (or misses what did).
/// </summary>
public static class ModerationLog
{
    internal static ModerationAction NewAction(ModerationCommand command, TargetType targetType, Guid targetId, Guid? affectedUserId,
        DateTimeOffset now, DateTimeOffset? suspendedUntil = null) =>
        new(Guid.NewGuid(), command.ModeratorId, command.Action, targetType, targetId, affectedUserId, command.ReportId, command.Reason, suspendedUntil, now, null);

    /// <summary>Writes the action's row and counts it in the community statistics, both in the unit of work of the change it records.</summary>
    /// <summary>The hide the report policy performs when the tally reaches the threshold (no moderator).</summary>
    internal static ModerationAction AutoHide(TargetType targetType, Guid targetId, Guid? authorId, DateTimeOffset now) =>
        NewAction(new ModerationCommand(ModerationActionKind.AutoHide, null, "Hidden automatically after reports", null), targetType, targetId, authorId, now);

    internal static UnitOfWork Record(this UnitOfWork changes, ModerationAction action, IStreamProvider streams) => changes.Execute(
        $"""
        INSERT INTO moderation_actions ({ModerationActionRow.Columns})
        VALUES (@Id, @ModeratorId, @Action, @TargetType, @TargetId, @AffectedUserId, @ReportId, @Reason, @SuspendedUntil, @CreatedAt, NULL)
        """,
        new
        {
            action.Id, action.ModeratorId, Action = EnumText<ModerationActionKind>.ToText(action.Action), TargetType = EnumText<TargetType>.ToText(action.TargetType),
            action.TargetId, action.AffectedUserId, action.ReportId, action.Reason, action.SuspendedUntil, action.CreatedAt,
        })
        .PublishStats(streams, CommunityActivity.Of(CommunityActivityKind.ModerationAction, action.CreatedAt));

    public static async Task<ModerationAction?> FindAsync(NpgsqlDataSource dataSource, Guid actionId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleOrDefaultAsync<ModerationActionRow>(
            $"SELECT {ModerationActionRow.Columns} FROM moderation_actions WHERE id = @actionId", new { actionId });
        return row?.ToAction();
    }

    /// <summary>Newest first, optionally only the actions that affected one member.</summary>
    public static async Task<Page<ModerationAction>> ListAsync(NpgsqlDataSource dataSource, ModerationLogQuery query)
    {
        var (afterAt, afterId) = TimeCursor.Decode(query.Cursor);
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<ModerationActionRow>(
            $"""
            SELECT {ModerationActionRow.Columns} FROM moderation_actions
            WHERE (@AffectedUserId::uuid IS NULL OR affected_user_id = @AffectedUserId)
              AND (@afterAt::timestamptz IS NULL OR (created_at, id) < (@afterAt, @afterId))
            ORDER BY created_at DESC, id DESC
            LIMIT @take
            """,
            new { query.AffectedUserId, afterAt, afterId, take = query.Limit + 1 })).ToList();
        return TimeCursor.ToPage(rows, query.Limit, row => (row.CreatedAt, row.Id), row => row.ToAction());
    }

    public static async Task<ImmutableList<ModerationAction>> AffectingAsync(NpgsqlDataSource dataSource, Guid userId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<ModerationActionRow>(
            $"SELECT {ModerationActionRow.Columns} FROM moderation_actions WHERE affected_user_id = @userId ORDER BY created_at DESC, id DESC", new { userId });
        return [.. rows.Select(row => row.ToAction())];
    }
}
