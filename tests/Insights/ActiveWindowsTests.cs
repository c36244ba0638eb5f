using Journal.Grains.Insights;

namespace Journal.Tests.Insights;

public sealed class ActiveWindowsTests
{
    [Fact]
    public void Summed_increments_equal_distinct_active_users_per_day_week_and_month()
    {
        var random = new Random(20261128);
        var start = new DateOnly(2026, 1, 1);
        const int span = 90;
        var sums = new Dictionary<DateOnly, (int Daily, int Weekly, int Monthly)>();
        var actual = new List<HashSet<DateOnly>>();
        for (var user = 0; user < 60; user++)
        {
            // Activity days in roughly chronological order, with repeats and small reorderings (events of two sources).
            var days = Enumerable.Range(0, random.Next(1, 40)).Select(_ => start.AddDays(random.Next(span))).Order()
                .Select((d, i) => (Day: d, Key: i + random.Next(3))).OrderBy(x => x.Key).Select(x => x.Day).ToList();
            var known = new List<DateOnly>();
            foreach (var day in days)
            foreach (var (end, daily, weekly, monthly) in ActiveWindows.Record(known, day))
            {
                var (d, w, m) = sums.GetValueOrDefault(end);
                sums[end] = (d + daily, w + weekly, m + monthly);
            }
            actual.Add([.. days]);
        }

        for (var e = start; e < start.AddDays(span); e = e.AddDays(1))
        {
            var end = e;
            var expected = (actual.Count(a => a.Contains(end)), actual.Count(a => a.Any(d => d <= end && d > end.AddDays(-7))),
                actual.Count(a => a.Any(d => d <= end && d > end.AddDays(-30))));
            Assert.Equal(expected, sums.GetValueOrDefault(end));
        }
    }

    [Fact]
    public void A_day_already_active_changes_nothing()
    {
        var known = new List<DateOnly>();
        Assert.NotEmpty(ActiveWindows.Record(known, new DateOnly(2026, 5, 1)));
        Assert.Empty(ActiveWindows.Record(known, new DateOnly(2026, 5, 1)));
        // The next day is a new day, but within the same 7- and 30-day windows for the following days.
        var next = ActiveWindows.Record(known, new DateOnly(2026, 5, 2));
        Assert.Equal((new DateOnly(2026, 5, 2), 1, 0, 0), next[0]);
        Assert.Equal((new DateOnly(2026, 5, 8), 0, 1, 0), next[^2]);
        Assert.Equal((new DateOnly(2026, 5, 31), 0, 0, 1), next[^1]);
    }
}
