using Dapper;
using Npgsql;

namespace Journal.Grains.Community;

/// <summary>Facts that never change once written, read straight from the tables (which grain owns a comment).</summary>
public static class CommunityLookups
{
    /// <summary>The post a comment belongs to, which is the key of the thread grain that owns it.</summary>
    public static async Task<Guid?> CommentPostAsync(NpgsqlDataSource dataSource, Guid commentId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<Guid?>("SELECT post_id FROM community_comments WHERE id = @commentId", new { commentId });
    }
}
