using System.Collections.Immutable;
using Dapper;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Journal;
using Npgsql;

namespace Journal.Grains.Journal.Search;

/// <summary>
/// A search of one user's journal. PostgreSQL finds the entries whose index rows hold every token of
/// the query and scores each by the sum of the matched weights (<see cref="ScoreAsync"/>); the
/// journal grain keeps the live entries that pass the filters (their metadata is in its memory),
/// and this class ranks them — by score, ties newest first — counts the facets over all of them
/// and cuts the page. Only the page's entries are then decrypted, for their snippets.
/// </summary>
internal static class JournalSearch
{
    public static async Task<IReadOnlyList<(Guid EntryId, int Score)>> ScoreAsync(NpgsqlDataSource dataSource, Guid userId, byte[][] tokens)
    {
        if (tokens.Length == 0) return [];
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(Guid EntryId, int Score)>(
            """
            SELECT entry_id, sum(weight)::int FROM journal_search_terms
            WHERE user_id = @userId AND token = ANY(@tokens)
            GROUP BY entry_id HAVING count(*) = @count
            """, new { userId, tokens, count = tokens.Length });
        return rows.AsList();
    }

    /// <summary>
    /// Scores entries whose text is at hand (secret entries of unlocked tags, which have no index rows)
    /// exactly as the index would: an entry must hold every term, and scores the sum of their weights.
    /// </summary>
    public static IEnumerable<RankedEntry> ScoreInMemory(IEnumerable<(EntryRecord Entry, SealedEntryText Text)> entries, string query)
    {
        var terms = SearchText.Terms(query).Distinct(StringComparer.Ordinal).ToArray();
        if (terms.Length == 0) yield break;
        foreach (var (entry, text) in entries)
        {
            var weights = TermWeights.Of(text.Title, text.Content, text.Location);
            if (terms.All(weights.ContainsKey)) yield return new RankedEntry(entry, terms.Sum(term => weights[term]));
        }
    }

    /// <summary>The hits ranked, the page after <paramref name="cursor"/>, the total and the facets of all hits.</summary>
    public static (List<RankedEntry> Page, string? NextCursor, int Total, SearchFacets Facets) Rank(IEnumerable<RankedEntry> hits, string? cursor, int limit)
    {
        var all = hits.ToList();
        all.Sort(RankedEntry.Order);
        var after = cursor is null ? null : RankedEntry.FromCursor(cursor);
        var rest = after is null ? all : all.Where(hit => RankedEntry.Order.Compare(hit, after) > 0).ToList();
        var page = rest.Take(limit).ToList();
        return (page, rest.Count > limit ? page[^1].Cursor() : null, all.Count, Facets(all));
    }

    private static SearchFacets Facets(List<RankedEntry> hits) => new(
        [.. hits.Where(hit => hit.Entry.MoodLabel is not null)
            .GroupBy(hit => hit.Entry.MoodLabel!.Value)
            .Select(group => new MoodCount(group.Key, group.Count()))
            .OrderByDescending(mood => mood.Entries).ThenBy(mood => mood.Mood)],
        [.. hits.SelectMany(hit => hit.Entry.Tags)
            .GroupBy(tag => tag)
            .Select(group => new TagCount(group.Key, group.Count()))
            .OrderByDescending(tag => tag.Entries).ThenBy(tag => tag.Tag, StringComparer.Ordinal)]);
}

/// <summary>A live entry that matched a search, with its score.</summary>
internal sealed record RankedEntry(EntryRecord Entry, int Score)
{
    /// <summary>Best first: higher score, then the entry list's order (newest first).</summary>
    public static readonly IComparer<RankedEntry> Order = Comparer<RankedEntry>.Create((a, b) =>
    {
        var byScore = b.Score.CompareTo(a.Score);
        return byScore != 0 ? byScore : EntryRecord.NewestFirst.Compare(a.Entry, b.Entry);
    });

    public string Cursor() => Storage.Cursor.Encode(Score.ToString(System.Globalization.CultureInfo.InvariantCulture), Entry.Cursor());

    /// <summary>A probe that sorts exactly where the hit the cursor names did.</summary>
    public static RankedEntry FromCursor(string cursor)
    {
        var parts = Storage.Cursor.Decode(cursor, 2);
        return new RankedEntry(EntryRecord.FromCursor(parts[1]), Storage.Cursor.Parse<int>(parts[0]));
    }

    public SearchHit ToHit(SealedEntryText text, IReadOnlySet<string> queryTerms) =>
        new(Entry.Id, text.Title, Snippets.Build(text.Content, queryTerms), Entry.EntryDate, Entry.MoodLabel, Entry.Tags, Score);
}
