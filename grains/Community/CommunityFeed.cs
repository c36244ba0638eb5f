using Dapper;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Community;
using Journal.Grains.Storage;
using Npgsql;

namespace Journal.Grains.Community;

public enum FeedSort { New, Active }

/// <summary>A post in a category feed, with its number of visible comments.</summary>
public sealed record FeedItem(Post Post, int CommentCount);

/// <summary>
/// A category's visible posts, newest or most recently active first. A read across many posts' rows,
/// so it is a query over what their grains committed rather than a call to each of them.
/// </summary>
public static class CommunityFeed
{
    public static async Task<Page<FeedItem>> ReadAsync(NpgsqlDataSource dataSource, Guid categoryId, FeedSort sort, string? cursor, int limit)
    {
        var (afterAt, afterId) = TimeCursor.Decode(cursor);
        var sortKey = sort == FeedSort.New ? "p.created_at" : "COALESCE(t.last_activity_at, p.created_at)";
        var columns = string.Join(", ", PostRow.Columns.Split(", ").Select(column => "p." + column));
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<FeedRow>(
            $"""
            SELECT {columns}, COALESCE(t.comment_count, 0) AS comment_count, {sortKey} AS sort_key
            FROM community_posts p LEFT JOIN community_threads t ON t.post_id = p.id
            WHERE p.category_id = @categoryId AND p.status = 'visible'
              AND (@afterAt::timestamptz IS NULL OR ({sortKey}, p.id) < (@afterAt, @afterId))
            ORDER BY {sortKey} DESC, p.id DESC
            LIMIT @take
            """,
            new { categoryId, afterAt, afterId, take = limit + 1 })).ToList();
        return TimeCursor.ToPage(rows, limit, row => (row.SortKey, row.Id), row => new FeedItem(row.ToPost(), row.CommentCount));
    }

    private sealed class FeedRow : PostRow
    {
        public int CommentCount { get; init; }
        public DateTimeOffset SortKey { get; init; }
    }
}
