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
        "id, entry_date, activity_date, mood, mood_rating, tags, weather, is_private, prompt_id, word_count, reading_time_seconds, sentiment, version, created_at, updated_at, deleted_at, secret_tag_id";

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

    /// <summary>The secret tag the entry is under. Such a record, as stored and kept in memory, is <see cref="Concealed"/>.</summary>
    public Guid? SecretTagId { get; init; }

    public MoodLabel? MoodLabel => MoodLabels.Parse(Mood);

    public JournalEntry ToEntry(SealedEntryText text) => new(Id, text.Title, text.Content, MoodLabel, MoodRating, Tags, EntryDate,
        text.Location, Weather, IsPrivate, PromptId, WordCount, ReadingTimeSeconds, Sentiment, Version, CreatedAt, UpdatedAt, DeletedAt)
    {
        SecretTagId = SecretTagId,
    };

    /// <summary>
    /// The record as a secret entry's row and the grain's memory hold it: dates and versions only, and
    /// private (so insights, peers and keywords skip it); its figures go into <see cref="SecretEntryContent"/>.
    /// </summary>
    public EntryRecord Concealed() => this with
    {
        Mood = null, MoodRating = null, Tags = [], Weather = null, IsPrivate = true, PromptId = null, WordCount = 0, ReadingTimeSeconds = 0, Sentiment = null,
    };

    /// <summary>The secret entry's text and figures, to seal under its tag's key.</summary>
    public SecretEntryContent Secret(SealedEntryText text) =>
        new(text.Title, text.Content, text.Location, Mood, MoodRating, Tags, Weather, IsPrivate, PromptId, WordCount, ReadingTimeSeconds, Sentiment);

    /// <summary>The concealed record with its figures back, once its tag's key opened <paramref name="secret"/>.</summary>
    public EntryRecord Revealed(SecretEntryContent secret) => this with
    {
        Mood = secret.Mood, MoodRating = secret.MoodRating, Tags = secret.Tags, Weather = secret.Weather, IsPrivate = secret.IsPrivate,
        PromptId = secret.PromptId, WordCount = secret.WordCount, ReadingTimeSeconds = secret.ReadingTimeSeconds, Sentiment = secret.Sentiment,
    };

    /// <summary>What analytics need of the entry (<see cref="ActivityEvent.Entry"/>); of a concealed secret entry, only that it is private.</summary>
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

/// <summary>
/// A secret entry's text and figures, sealed as one ciphertext under its secret tag's key: neither the
/// user's data key nor the master key opens it (docs/SECRET_TAGS.md).
/// </summary>
internal sealed record SecretEntryContent(
    string? Title, string Content, string? Location, string? Mood, short? MoodRating, ImmutableList<string> Tags, string? Weather, bool IsPrivate,
    Guid? PromptId, int WordCount, int ReadingTimeSeconds, double? Sentiment)
{
    public const string Purpose = "secret-journal-entry";

    public SealedEntryText Text => new(Title, Content, Location);
}
