using System.Collections.Immutable;

namespace Journal.GrainInterfaces.Journal;

/// <summary>
/// A search of the user's live entries: every word of <paramref name="Text"/> must occur (in any of
/// its forms); the filters narrow the hits like the entry list's do.
/// </summary>
[GenerateSerializer, Immutable, Alias("journal.SearchQuery")]
public sealed record SearchQuery(string Text, MoodLabel? Mood, string? Tag, DateOnly? From, DateOnly? To, string? Cursor, int Limit)
{
    /// <summary>The secret tags whose entries are searched too (in memory: they are not in the blind index).</summary>
    [Id(7)] public SecretUnlocks? Unlocks { get; init; }
}

/// <summary>One page of ranked hits, the number of hits in all, and the facets of all of them (not only this page).</summary>
[GenerateSerializer, Immutable, Alias("journal.SearchResult")]
public sealed record SearchResult(ImmutableList<SearchHit> Items, string? NextCursor, int Total, SearchFacets Facets);

/// <summary>An entry that matched: <paramref name="Score"/> is the sum of the matched words' weights (a title word weighs more).</summary>
[GenerateSerializer, Immutable, Alias("journal.SearchHit")]
public sealed record SearchHit(Guid EntryId, string? Title, string Snippet, DateOnly EntryDate, MoodLabel? Mood, ImmutableList<string> Tags, int Score);

/// <summary>How many hits have each mood and each tag.</summary>
[GenerateSerializer, Immutable, Alias("journal.SearchFacets")]
public sealed record SearchFacets(ImmutableList<MoodCount> Moods, ImmutableList<TagCount> Tags);

[GenerateSerializer, Immutable, Alias("journal.MoodCount")]
public sealed record MoodCount(MoodLabel Mood, int Entries);
