using System.Collections.Immutable;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Journal;
using Journal.GrainInterfaces.Progress;
using Journal.Grains.Storage;

namespace Journal.Grains.Journal;

/// <summary>An entry's metadata as the journal grain keeps it in memory (no private text).</summary>
internal sealed record EntryRecord
{
    public const string Columns =
        "id, entry_date, activity_date, mood, mood_rating, tags, weather, is_private, prompt_id, word_count, reading_time_seconds, sentiment, version, created_at, updated_at, deleted_at";

    public Guid Id { get; init; }
    public DateOnly EntryDate { get; init; }
    public DateOnly ActivityDate { get; init; }
    public string? Mood { get; init; }
    public short? MoodRating { get; init; }
    public ImmutableList<string> Tags { get; init; } = [];
    public string? Weather { get; init; }
    public bool IsPrivate { get; init; }
    public Guid? PromptId { get; init; }
    public int WordCount { get; init; }
    public int ReadingTimeSeconds { get; init; }
    public double? Sentiment { get; init; }
    public int Version { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? DeletedAt { get; init; }

    public MoodLabel? MoodLabel => MoodLabels.Parse(Mood);

    public JournalEntry ToEntry(SealedEntryText text) => new(Id, text.Title, text.Content, MoodLabel, MoodRating, Tags, EntryDate,
        text.Location, Weather, IsPrivate, PromptId, WordCount, ReadingTimeSeconds, Sentiment, Version, CreatedAt, UpdatedAt, DeletedAt);

    /// <summary>What analytics need of the entry (<see cref="ActivityEvent.Entry"/>).</summary>
    public EntryFacts Facts() => new(EntryDate, MoodLabel, Tags, IsPrivate, Sentiment);

    /// <summary>Newest first: by entry date, then creation, then id (a total order for cursors).</summary>
    public static readonly IComparer<EntryRecord> NewestFirst = Comparer<EntryRecord>.Create((a, b) =>
    {
        var byDate = b.EntryDate.CompareTo(a.EntryDate);
        if (byDate != 0) return byDate;
        var byCreation = b.CreatedAt.CompareTo(a.CreatedAt);
        return byCreation != 0 ? byCreation : b.Id.CompareTo(a.Id);
    });

    public string Cursor() => Storage.Cursor.Encode(EntryDate.ToString("O"), CreatedAt.UtcTicks.ToString(), Id.ToString("N"));

    /// <summary>A probe that sorts exactly where the item the cursor names did.</summary>
    public static EntryRecord FromCursor(string cursor)
    {
        var parts = Storage.Cursor.Decode(cursor, 3);
        return new EntryRecord
        {
            EntryDate = Storage.Cursor.Parse<DateOnly>(parts[0]),
            CreatedAt = Storage.Cursor.ParseInstant(parts[1]),
            Id = Storage.Cursor.Parse<Guid>(parts[2]),
        };
    }
}

/// <summary>The private text of an entry, sealed as one ciphertext under the user's data key.</summary>
internal sealed record SealedEntryText(string? Title, string Content, string? Location)
{
    public const string Purpose = "journal-entry";
}
