using Dapper;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Stories;
using Journal.Grains.Storage;
using Npgsql;

namespace Journal.Grains.Stories;

/// <summary>A member someone follows, and whether they follow back (then they are friends).</summary>
public sealed record FollowedMember(string Pseudonym, DateTimeOffset Since, bool FollowsBack);

/// <summary>
/// Reads of the follows the member grains commit (<c>community_follows</c>): who is behind a pseudonym, whether two
/// members are friends now, and the lists. Read-only, from any node, and never stale: the rows are the truth.
/// </summary>
public static class Follows
{
    /// <summary>The member with this pseudonym, if their account exists.</summary>
    public static async Task<Guid?> MemberAsync(NpgsqlDataSource dataSource, string pseudonym)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<Guid?>("SELECT id FROM users WHERE pseudonym = @pseudonym", new { pseudonym });
    }

    public static async Task<bool> AreFriendsAsync(NpgsqlDataSource dataSource, Guid member, Guid other)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var (memberFollows, otherFollows) = await connection.QuerySingleAsync<(bool, bool)>(
            """
            SELECT EXISTS (SELECT 1 FROM community_follows WHERE follower_id = @member AND followee_id = @other),
                   EXISTS (SELECT 1 FROM community_follows WHERE follower_id = @other AND followee_id = @member)
            """,
            new { member, other });
        return StoryAccess.AreFriends(memberFollows, otherFollows);
    }

    /// <summary>Whom the member follows, most recent first.</summary>
    public static async Task<Page<FollowedMember>> FollowingAsync(NpgsqlDataSource dataSource, Guid member, string? cursor, int limit)
    {
        var (afterAt, afterId) = TimeCursor.Decode(cursor);
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<FollowRow>(
            """
            SELECT u.id AS member_id, u.pseudonym, f.created_at AS since,
                   EXISTS (SELECT 1 FROM community_follows back WHERE back.follower_id = f.followee_id AND back.followee_id = f.follower_id) AS follows_back
            FROM community_follows f JOIN users u ON u.id = f.followee_id
            WHERE f.follower_id = @member AND (@afterAt::timestamptz IS NULL OR (f.created_at, f.followee_id) < (@afterAt, @afterId))
            ORDER BY f.created_at DESC, f.followee_id DESC
            LIMIT @take
            """,
            new { member, afterAt, afterId, take = limit + 1 })).ToList();
        return TimeCursor.ToPage(rows, limit, row => (row.Since, row.MemberId), row => new FollowedMember(row.Pseudonym, row.Since, row.FollowsBack));
    }

    /// <summary>The follows in both directions, for the member's export: pseudonyms only.</summary>
    public static async Task<(List<Follow> Following, List<Follow> Followers)> BothWaysAsync(NpgsqlDataSource dataSource, Guid member)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var following = await connection.QueryAsync<(string, DateTimeOffset)>(
            "SELECT u.pseudonym, f.created_at FROM community_follows f JOIN users u ON u.id = f.followee_id WHERE f.follower_id = @member ORDER BY f.created_at", new { member });
        var followers = await connection.QueryAsync<(string, DateTimeOffset)>(
            "SELECT u.pseudonym, f.created_at FROM community_follows f JOIN users u ON u.id = f.follower_id WHERE f.followee_id = @member ORDER BY f.created_at", new { member });
        return ([.. following.Select(row => new Follow(row.Item1, row.Item2))], [.. followers.Select(row => new Follow(row.Item1, row.Item2))]);
    }

    private sealed class FollowRow
    {
        public Guid MemberId { get; init; }
        public string Pseudonym { get; init; } = "";
        public DateTimeOffset Since { get; init; }
        public bool FollowsBack { get; init; }
    }
}
