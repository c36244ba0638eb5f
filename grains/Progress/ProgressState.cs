using Journal.Persistence.Streams;
using Journal.GrainInterfaces.Progress;

namespace Journal.Grains.Progress;

/// <summary>The progress grain's stored state (grain-state JSON).</summary>
public sealed class ProgressState
{
    /// <summary>Days whose tallies are kept: enough for "today" in any zone, travel included.</summary>
    private const int DaysKept = 7;

    public StreakState Streak { get; set; } = new();

    public GardenState Garden { get; set; } = new();

    /// <summary>The last applied event sequence per source ("journal", "mood", "habits").</summary>
    public Dictionary<string, long> Applied { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Entries and check-ins per activity day ("yyyy-MM-dd"), for the latest days only.</summary>
    public Dictionary<string, DayCounts> Days { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The position of the last activity event the stream delivered and this state includes: a catch-up reads the events after it.</summary>
    public StreamCheckpoints Delivered { get; set; } = new();

    /// <summary>Set when the account was deleted: nothing is applied any more.</summary>
    public bool Erased { get; set; }

    public long NextSequence(string source) => Applied.GetValueOrDefault(source) + 1;

    public DayCounts CountsOn(DateOnly day) => Days.GetValueOrDefault(Key(day)) ?? new DayCounts(0, 0);

    public void SetCounts(DateOnly day, DayCounts counts)
    {
        Days[Key(day)] = counts;
        var newest = Days.Keys.Max(StringComparer.Ordinal)!;
        var oldestKept = Key(DateOnly.ParseExact(newest, "yyyy-MM-dd").AddDays(-DaysKept));
        foreach (var old in Days.Keys.Where(k => string.CompareOrdinal(k, oldestKept) < 0).ToList()) Days.Remove(old);
    }

    private static string Key(DateOnly day) => day.ToString("yyyy-MM-dd");
}

public sealed record DayCounts(int Entries, int CheckIns);
