using Journal.GrainInterfaces.Progress;

namespace Journal.Grains.Progress;

/// <summary>
/// The persisted streak (grain-state JSON, hence plain settable properties). Changed only by
/// <see cref="StreakRules.Apply"/>; read through <see cref="StreakRules.View"/>.
/// </summary>
public sealed class StreakState
{
    public int Current { get; set; }

    public int Longest { get; set; }

    public DateOnly? StartedOn { get; set; }

    public DateOnly? LastActiveDate { get; set; }

    public int FreezesAvailable { get; set; }

    /// <summary>The latest activity on <see cref="LastActiveDate"/>: its instant and zone measure the gap to the next day.</summary>
    public Activity? LastActivity { get; set; }

    /// <summary>Newest last, at most <see cref="StreakRules.MaxHistory"/> items.</summary>
    public List<StreakHistoryItem> History { get; set; } = [];
}
