using System.Collections.Immutable;
using Journal.GrainInterfaces.Accounts;
using Orleans.Concurrency;

namespace Journal.GrainInterfaces.Journal;

/// <summary>
/// A user's journal (key = user id): the single writer of the user's journal_entries rows. Entry
/// metadata lives in memory (lists, filters, tags and the calendar come from there); title, content
/// and location are decrypted from the row when an entry is read.
/// </summary>
[Alias("journal.IJournalGrain")]
public interface IJournalGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Creates an entry dated by <paramref name="clock"/>, the user's clock as the request's session check
    /// read it (so the write makes no second call to the account grain); with an idempotency key, a retry
    /// returns the first result.
    /// </summary>
    [Alias("CreateAsync")]
    Task<CreateResult<JournalEntry>> CreateAsync(NewEntry entry, UserClock clock, IdempotencyKey? idempotency);

    /// <summary>The live entry; an entry under a secret tag only with that tag's unlock in <paramref name="unlocks"/>.</summary>
    [ReadOnly]
    [Alias("GetAsync")]
    Task<JournalEntry?> GetAsync(Guid entryId, SecretUnlocks? unlocks = null);

    /// <summary>
    /// Whether the entry is there for a request with <paramref name="unlocks"/>, live or in the trash (an
    /// entry under a secret tag only with that tag's unlock), without reading its text: for the grains
    /// that hang things on entries (attachments).
    /// </summary>
    [ReadOnly]
    [Alias("FindAsync")]
    Task<EntryPresence> FindAsync(Guid entryId, SecretUnlocks? unlocks);

    /// <summary>
    /// Replaces the entry if its version is one of <paramref name="acceptedVersions"/> (null: any version),
    /// dated by <paramref name="clock"/>, as <see cref="CreateAsync"/>.
    /// </summary>
    [Alias("UpdateAsync")]
    Task<EditResult<JournalEntry>> UpdateAsync(Guid entryId, EntryChange change, UserClock clock, ImmutableList<int>? acceptedVersions);

    /// <summary>
    /// Moves the entry to the trash (kept 30 days) if its version is one of <paramref name="acceptedVersions"/> (null: any),
    /// dated by <paramref name="clock"/>, as <see cref="CreateAsync"/>.
    /// </summary>
    [Alias("DeleteAsync")]
    Task<EditResult<JournalEntry>> DeleteAsync(Guid entryId, UserClock clock, ImmutableList<int>? acceptedVersions, SecretUnlocks? unlocks = null);

    /// <summary>Takes the entry out of the trash, dated by <paramref name="clock"/>, as <see cref="CreateAsync"/>.</summary>
    [Alias("RestoreAsync")]
    Task<EditResult<JournalEntry>> RestoreAsync(Guid entryId, UserClock clock, SecretUnlocks? unlocks = null);

    [ReadOnly]
    [Alias("ListAsync")]
    Task<Page<JournalEntry>> ListAsync(EntryQuery query);

    /// <summary>Ranked hits with snippets and facets, from the blind index (the text stays encrypted at rest).</summary>
    [ReadOnly]
    [Alias("SearchAsync")]
    Task<SearchResult> SearchAsync(SearchQuery query);

    /// <summary>Tags starting with <paramref name="prefix"/>, then (from three letters on) tags that look like it.</summary>
    [ReadOnly]
    [Alias("GetTagsAsync")]
    Task<ImmutableList<TagCount>> GetTagsAsync(string? prefix, int limit, SecretUnlocks? unlocks = null);

    [ReadOnly]
    [Alias("GetCalendarAsync")]
    Task<ImmutableList<CalendarDay>> GetCalendarAsync(int year, int month, SecretUnlocks? unlocks = null);

    /// <summary>
    /// The most used words (stop-words removed) of the live, non-private entries (never secret ones) dated
    /// <paramref name="from"/>..<paramref name="to"/>: the text is decrypted in memory and counted, never stored.
    /// </summary>
    [ReadOnly]
    [Alias("GetKeywordsAsync")]
    Task<ImmutableList<KeywordCount>> GetKeywordsAsync(DateOnly from, DateOnly to, int limit);

    /// <summary>
    /// Every entry, the trash included, decrypted (the user's export); entries under a secret tag only
    /// with that tag's unlock, the others are counted as withheld.
    /// </summary>
    [ReadOnly]
    [Alias("ExportAsync")]
    Task<JournalExport> ExportAsync(SecretUnlocks? unlocks = null);

    /// <summary>Deletes every entry row and the grain's state (account deletion).</summary>
    [Alias("EraseAsync")]
    Task EraseAsync();
}

/// <summary>A validated new entry; <paramref name="EntryDate"/> null means today in the user's zone.</summary>
[GenerateSerializer, Immutable, Alias("journal.NewEntry")]
public sealed record NewEntry(
    string? Title,
    string Content,
    MoodLabel? Mood,
    int? MoodRating,
    ImmutableList<string> Tags,
    DateOnly? EntryDate,
    string? Location,
    string? Weather,
    bool IsPrivate,
    Guid? PromptId)
{
    /// <summary>The secret tag the entry goes under (its unlock must be in <see cref="Unlocks"/>).</summary>
    [Id(10)] public Guid? SecretTagId { get; init; }

    [Id(11)] public SecretUnlocks? Unlocks { get; init; }
}

/// <summary>A full replacement of an entry's editable fields (PUT).</summary>
[GenerateSerializer, Immutable, Alias("journal.EntryChange")]
public sealed record EntryChange(
    string? Title,
    string Content,
    MoodLabel? Mood,
    int? MoodRating,
    ImmutableList<string> Tags,
    DateOnly EntryDate,
    string? Location,
    string? Weather,
    bool IsPrivate,
    Guid? PromptId)
{
    /// <summary>The secret tag the entry is to be under (null: none); the old and the new tag's unlocks must be in <see cref="Unlocks"/>.</summary>
    [Id(10)] public Guid? SecretTagId { get; init; }

    [Id(11)] public SecretUnlocks? Unlocks { get; init; }
}

/// <summary>An entry; <paramref name="Sentiment"/> is the server's score of the text in [-1, 1] (null for entries older than the scorer).</summary>
[GenerateSerializer, Immutable, Alias("journal.JournalEntry")]
public sealed record JournalEntry(
    Guid Id,
    string? Title,
    string Content,
    MoodLabel? Mood,
    int? MoodRating,
    ImmutableList<string> Tags,
    DateOnly EntryDate,
    string? Location,
    string? Weather,
    bool IsPrivate,
    Guid? PromptId,
    int WordCount,
    int ReadingTimeSeconds,
    double? Sentiment,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt)
{
    /// <summary>The secret tag the entry is under, if any.</summary>
    [Id(18)] public Guid? SecretTagId { get; init; }
}

[GenerateSerializer, Immutable, Alias("journal.EntryQuery")]
public sealed record EntryQuery(string? Cursor, int Limit, DateOnly? From, DateOnly? To, MoodLabel? Mood, string? Tag, bool Trash)
{
    /// <summary>The secret tags whose entries the list includes.</summary>
    [Id(7)] public SecretUnlocks? Unlocks { get; init; }
}

/// <summary>The journal's part of the export: the entries it may show, the secret tags, and how many entries stayed locked.</summary>
[GenerateSerializer, Immutable, Alias("journal.JournalExport")]
public sealed record JournalExport(ImmutableList<JournalEntry> Entries, ImmutableList<SecretTag> SecretTags, int WithheldEntries);

/// <summary>Where an entry is for a request: not there (or not its to see), live, or in the trash.</summary>
[GenerateSerializer, Alias("journal.EntryPresence")]
public enum EntryPresence { Absent, Live, InTrash }

[GenerateSerializer, Immutable, Alias("journal.TagCount")]
public sealed record TagCount(string Tag, int Entries);

[GenerateSerializer, Immutable, Alias("journal.KeywordCount")]
public sealed record KeywordCount(string Word, int Count);

[GenerateSerializer, Immutable, Alias("journal.CalendarDay")]
public sealed record CalendarDay(DateOnly Date, int Entries, MoodLabel? DominantMood);
