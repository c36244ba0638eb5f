namespace Journal.Grains.Progress;

/// <summary>What the user did; both kinds make a day count.</summary>
public enum ActivityKind
{
    JournalEntry,
    CheckIn,
}
