using Dapper;
using Journal.GrainInterfaces.Journal;
using Npgsql;

namespace Journal.Grains.Journal;

/// <summary>
/// Tags that look like what the user typed although they do not start with it ("anxeity" →
/// "anxiety"): pg_trgm's similarity (shared trigrams) between the typed text and each tag of the
/// user's live entries. Trigrams forgive a missing, extra or wrong letter, or two swapped in the
/// middle ("famliy"), not two swapped at the start ("wrok").
/// </summary>
internal static class TagSuggestions
{
    /// <summary>Below three letters everything looks alike.</summary>
    public const int MinTypedLength = 3;

    /// <summary>
    /// The similarity from which a tag is offered: "anxeity" and "anxiety" score 0.33, "famliy" and
    /// "family" 0.27, while "anxeity" and "anxious" score 0.23 and "anxi" and "anniversary" 0.13.
    /// </summary>
    public const double MinSimilarity = 0.25;

    public static async Task<IEnumerable<TagCount>> SimilarAsync(NpgsqlDataSource dataSource, Guid userId, string typed, string[] listed, int limit)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QueryAsync<TagCount>(
            """
            SELECT tag, count(*)::int AS entries
            FROM journal_entries, unnest(tags) AS tag
            WHERE user_id = @userId AND deleted_at IS NULL AND tag <> ALL (@listed) AND similarity(@typed, tag) >= @MinSimilarity
            GROUP BY tag
            ORDER BY max(similarity(@typed, tag)) DESC, entries DESC, tag
            LIMIT @limit
            """, new { userId, typed, listed, MinSimilarity, limit });
    }
}
