namespace Journal.GrainInterfaces.Progress;

/// <summary>
/// What the user did, published by the writing grain (journal, mood, habits) in the same transaction as the
/// write, on the user's stream <c>activity/{userId:N}</c>. <paramref name="Sequence"/> counts each
/// source's events (1, 2, 3, …) so the progress grain applies each exactly once and in order.
/// Carries no private text.
/// </summary>
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
}

/// <summary><see cref="HabitCompleted"/> grows the garden only: a streak day is an entry or a check-in (PRODUCT.md §4).</summary>
public enum ActivityEventKind { EntryCreated, EntryDeleted, EntryRestored, CheckInCreated, HabitCompleted }
