namespace Journal.Grains.Progress;

/// <summary>What the user did. Entries and check-ins make a streak day; every kind grows the garden.</summary>
public enum ActivityKind
{
    JournalEntry,
    CheckIn,
    HabitCompletion,
}
