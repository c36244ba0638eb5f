using Dapper;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Stories;
using Journal.Grains.Privacy;
using Journal.Grains.Storage;
using Npgsql;

namespace Journal.Grains.Stories;

/// <summary>Which stories to list: those of one author (by pseudonym), with one tag, or both; null is any.</summary>
public sealed record StoryQuery(Guid ViewerId, string? AuthorPseudonym, string? Tag, string? Cursor, int Limit);

/// <summary>
/// The stories a member may read, newest first: a read across many stories' rows, so a query over what their
/// grains committed. The visibility rule is <see cref="StoryAccess.CanRead"/> (without the moderators' extra),
/// friendship read from the follows as they are now, so an unfollow takes effect on the next page.
/// </summary>
public static class StoryFeed
{
    public static async Task<Page<Story>> ReadAsync(NpgsqlDataSource dataSource, UserKeyStore keys, StoryQuery query)
    {
        var (afterAt, afterId) = TimeCursor.Decode(query.Cursor);
        var columns = string.Join(", ", StoryRow.Columns.Split(", ").Select(column => "s." + column));
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<StoryRow>(
            $"""
            SELECT {columns} FROM stories s
            WHERE ((s.author_id = @ViewerId AND s.status <> 'deleted')
                   OR (s.status = 'visible' AND (s.visibility = 'public'
                       OR (s.visibility = 'friends'
                           AND EXISTS (SELECT 1 FROM community_follows f WHERE f.follower_id = @ViewerId AND f.followee_id = s.author_id)
                           AND EXISTS (SELECT 1 FROM community_follows f WHERE f.follower_id = s.author_id AND f.followee_id = @ViewerId)))))
              AND (@AuthorPseudonym::text IS NULL OR s.author_pseudonym = @AuthorPseudonym)
              AND (@Tag::text IS NULL OR s.tags @> ARRAY[@Tag]::text[])
              AND (@afterAt::timestamptz IS NULL OR (s.created_at, s.id) < (@afterAt, @afterId))
            ORDER BY s.created_at DESC, s.id DESC
            LIMIT @take
            """,
            new { query.ViewerId, query.AuthorPseudonym, query.Tag, afterAt, afterId, take = query.Limit + 1 })).ToList();
        // Friends and private stories are sealed under their authors' keys.
        var authorKeys = await keys.LoadAsync([.. rows.Where(row => row.SealedText is not null && row.AuthorId is not null).Select(row => row.AuthorId!.Value).Distinct()]);
        return TimeCursor.ToPage(rows, query.Limit, row => (row.CreatedAt, row.Id),
            row => row.ToStory(row.AuthorId is { } author ? authorKeys.GetValueOrDefault(author) : null));
    }
}
