using System.Collections.Immutable;

namespace Journal.GrainInterfaces.Progress;

/// <summary>
/// What the user did, published by the writing grain (journal, mood, habits, account) in the same
/// transaction as the write, on the user's stream <c>activity/{userId:N}</c>. <paramref name="Sequence"/>
/// counts each source's events (1, 2, 3, …) so each consumer (progress, insights) applies each
/// exactly once and in order. Carries no private text: <see cref="Entry"/> and <see cref="CheckIn"/>
/// hold the figures analytics need (mood, tags, sentiment score), which the rows store in clear too.
/// </summary>
[GenerateSerializer, Immutable, Alias("journal.ActivityEvent")]
public sealed record ActivityEvent(
    string Source,
    long Sequence,
    ActivityEventKind Kind,
    Guid SubjectId,
    DateOnly Day,
    DateTimeOffset At,
    string TimeZone,
    int DayStartHour,
    int Words)
{
    public const string StreamNamespace = "activity";

    /// <summary>The entry as it is after the event (created, updated, restored); null for other kinds.</summary>
    [Id(9)] public EntryFacts? Entry { get; init; }

    /// <summary>The check-in (created); null for other kinds.</summary>
    [Id(10)] public CheckInFacts? CheckIn { get; init; }

    /// <summary>
    /// The entry as it was before the event (updated, deleted), so analytics take back exactly what it
    /// added without keeping every entry; null for other kinds, and in events stored before it existed.
    /// </summary>
    [Id(11)] public EntryFacts? Before { get; init; }

    /// <summary>The entry's word count before the event (with <see cref="Before"/>).</summary>
    [Id(12)] public int WordsBefore { get; init; }
}

/// <summary>
/// Every user-visible write. New kinds go at the end: stored events name kinds by number. Consumers
/// ignore kinds they do not count but still advance their source's sequence past them.
/// </summary>
[GenerateSerializer, Alias("journal.ActivityEventKind")]
public enum ActivityEventKind
{
    EntryCreated, EntryDeleted, EntryRestored, CheckInCreated,

    /// <summary>Grows the garden only: a streak day is an entry or a check-in (PRODUCT.md §4).</summary>
    HabitCompleted,

    EntryUpdated, AiUsageLogged, LoggedIn,

    /// <summary>The user gave or withdrew dataProcessing consent: insights start (from the rows) or forget everything, in stream order.</summary>
    DataProcessingGranted, DataProcessingWithdrawn,
}

/// <summary>An entry's figures: the day it is about, mood, tags, privacy and sentiment score (null before scores existed).</summary>
[GenerateSerializer, Immutable, Alias("journal.EntryFacts")]
public sealed record EntryFacts(DateOnly EntryDate, MoodLabel? Mood, ImmutableList<string> Tags, bool IsPrivate, double? Sentiment);

/// <summary>A check-in's figures.</summary>
[GenerateSerializer, Immutable, Alias("journal.CheckInFacts")]
public sealed record CheckInFacts(int AnxietyLevel, MoodLabel? Mood);
