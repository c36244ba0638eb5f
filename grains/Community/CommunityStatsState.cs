using System.Globalization;
using Journal.GrainInterfaces.Community;
using Journal.Persistence.Streams;

namespace Journal.Grains.Community;

/// <summary>
/// The community stats grain's stored state: counts per UTC day ("yyyy-MM-dd"), all-time report totals
/// (open reports), the times to resolution of the last 30 days, and the stream checkpoint.
/// </summary>
public sealed class CommunityStatsState
{
    /// <summary>Days of counts kept: a year and a bit, for year-over-year looks (like the platform figures).</summary>
    public const int DaysKept = 400;

    /// <summary>The median's window: resolutions on the 30 UTC days ending the day asked about.</summary>
    public const int MedianWindowDays = 30;

    public SortedDictionary<string, CommunityDayCounts> Days { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Each resolved report's time to resolution in ticks, by UTC day of resolution, for the median's window
    /// only: exact (no histogram buckets), and bounded by a month of resolutions.
    /// </summary>
    public SortedDictionary<string, List<long>> ResolutionTicks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>All time, never pruned: open reports are the difference.</summary>
    public long ReportsFiled { get; set; }

    public long ReportsResolved { get; set; }

    public StreamCheckpoints Checkpoints { get; set; } = new();

    public void Apply(CommunityActivity activity)
    {
        var day = DateOnly.FromDateTime(activity.At.UtcDateTime);
        var key = Key(day);
        var counts = Days.TryGetValue(key, out var existing) ? existing : Days[key] = new CommunityDayCounts();
        switch (activity.Kind)
        {
            case CommunityActivityKind.PostCreated:
                counts.Posts++;
                break;
            case CommunityActivityKind.CommentCreated:
                counts.Comments++;
                break;
            case CommunityActivityKind.ReportFiled:
                counts.ReportsFiled++;
                ReportsFiled++;
                break;
            case CommunityActivityKind.ReportsResolved:
                counts.ReportsResolved += activity.ResolutionTimes.Count;
                ReportsResolved += activity.ResolutionTimes.Count;
                var times = ResolutionTicks.TryGetValue(key, out var list) ? list : ResolutionTicks[key] = [];
                times.AddRange(activity.ResolutionTimes.Select(time => time.Ticks));
                break;
            case CommunityActivityKind.ModerationAction:
                counts.ModerationActions++;
                break;
        }
    }

    /// <summary>
    /// Drops counts older than <see cref="DaysKept"/> days and resolution times older than the median's
    /// window, both before the newest day held (a later day asked about only narrows what is needed).
    /// </summary>
    public void Prune()
    {
        if (Days.Count == 0) return;
        var newest = DateOnly.ParseExact(Days.Keys.Last(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        RemoveBefore(Days, Key(newest.AddDays(-(DaysKept - 1))));
        RemoveBefore(ResolutionTicks, Key(newest.AddDays(-(MedianWindowDays - 1))));
    }

    public CommunityDay On(DateOnly day) => Days.TryGetValue(Key(day), out var counts)
        ? new CommunityDay(day, counts.Posts, counts.Comments, counts.ReportsFiled, counts.ReportsResolved, counts.ModerationActions)
        : new CommunityDay(day, 0, 0, 0, 0, 0);

    /// <summary>The times to resolution (ticks) of the reports resolved on the <see cref="MedianWindowDays"/> UTC days ending <paramref name="today"/>.</summary>
    public List<long> ResolutionsEnding(DateOnly today)
    {
        var (from, to) = (Key(today.AddDays(-(MedianWindowDays - 1))), Key(today));
        return [.. ResolutionTicks.Where(day => string.CompareOrdinal(day.Key, from) >= 0 && string.CompareOrdinal(day.Key, to) <= 0).SelectMany(day => day.Value)];
    }

    /// <summary>The median in seconds, three decimals; the mean of the two middle values for an even count; null for none.</summary>
    public static double? MedianSeconds(List<long> ticks)
    {
        if (ticks.Count == 0) return null;
        ticks.Sort();
        var middle = ticks.Count / 2;
        var median = ticks.Count % 2 == 1 ? ticks[middle] : (ticks[middle - 1] + ticks[middle]) / 2.0;
        return Math.Round(median / TimeSpan.TicksPerSecond, 3, MidpointRounding.AwayFromZero);
    }

    private static void RemoveBefore<T>(SortedDictionary<string, T> days, string oldestKept)
    {
        foreach (var old in days.Keys.Where(k => string.CompareOrdinal(k, oldestKept) < 0).ToList()) days.Remove(old);
    }

    private static string Key(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>What happened in the community on one UTC day.</summary>
public sealed class CommunityDayCounts
{
    public int Posts { get; set; }

    public int Comments { get; set; }

    public int ReportsFiled { get; set; }

    public int ReportsResolved { get; set; }

    public int ModerationActions { get; set; }
}
