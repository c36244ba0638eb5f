using System.Collections.Immutable;
using Journal.GrainInterfaces.Insights;

namespace Journal.Grains.Insights;

/// <summary>
/// Mood trends from a user's daily figures: the last 7 days or 30 days, one bucket a day, or the
/// last 26 ISO weeks (Monday to Sunday, the current week last), one bucket a week. Pure.
/// </summary>
public static class MoodTrendRules
{
    public static MoodTrends Trends(MoodPeriod period, DateOnly today, IReadOnlyDictionary<DateOnly, DayFigures> days)
    {
        var ranges = period switch
        {
            MoodPeriod.Week => Daily(today, 7),
            MoodPeriod.Month => Daily(today, 30),
            _ => Weekly(today, 26),
        };
        var buckets = ranges.Select(r => Bucket(r.From, r.To, days)).ToImmutableList();
        return new MoodTrends(period, ranges[0].From, ranges[^1].To, buckets);
    }

    private static MoodBucket Bucket(DateOnly from, DateOnly to, IReadOnlyDictionary<DateOnly, DayFigures> days)
    {
        var sum = DayFigures.Sum(days.Where(d => d.Key >= from && d.Key <= to).Select(d => d.Value));
        return new MoodBucket(from, to, sum.CheckIns, sum.AverageAnxiety, sum.AnxietyStdDev, sum.Entries, sum.AverageSentiment, sum.MoodDistribution());
    }

    private static List<(DateOnly From, DateOnly To)> Daily(DateOnly today, int count) =>
        [.. Enumerable.Range(0, count).Select(i => today.AddDays(i - count + 1)).Select(d => (d, d))];

    private static List<(DateOnly From, DateOnly To)> Weekly(DateOnly today, int count)
    {
        var monday = InsightPeriod.WeekOf(today).From;
        return [.. Enumerable.Range(0, count).Select(i => monday.AddDays(7 * (i - count + 1))).Select(m => (m, m.AddDays(6)))];
    }
}
