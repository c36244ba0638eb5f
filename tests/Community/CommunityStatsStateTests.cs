using Journal.GrainInterfaces.Community;
using Journal.Grains.Community;

namespace Journal.Tests.Community;

/// <summary>The community stats' sums, their 30-day median window and their bounds, without a server.</summary>
public sealed class CommunityStatsStateTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 31, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_median_is_the_middle_value_or_the_mean_of_the_two_middle_ones()
    {
        Assert.Null(CommunityStatsState.MedianSeconds([]));
        Assert.Equal(20.0, CommunityStatsState.MedianSeconds([Seconds(30), Seconds(10), Seconds(20)]));
        Assert.Equal(25.0, CommunityStatsState.MedianSeconds([Seconds(40), Seconds(10), Seconds(30), Seconds(20)]));
        Assert.Equal(0.002, CommunityStatsState.MedianSeconds([TimeSpan.FromMilliseconds(1.5).Ticks, TimeSpan.FromMilliseconds(2.5).Ticks])); // 2 ms, not 2.0000001
    }

    [Fact]
    public void The_median_takes_the_resolutions_of_the_30_days_ending_the_day_asked_about()
    {
        var state = new CommunityStatsState();
        state.Apply(Resolved(Noon.AddDays(-30), 1000)); // 31 days before: outside
        state.Apply(Resolved(Noon.AddDays(-29), 10, 20));
        state.Apply(Resolved(Noon, 30));
        state.Apply(Resolved(Noon.AddDays(1), 5000)); // after the day asked about: outside
        var today = DateOnly.FromDateTime(Noon.UtcDateTime);

        var window = state.ResolutionsEnding(today);

        Assert.Equal([Seconds(10), Seconds(20), Seconds(30)], window.Order());
        Assert.Equal(20.0, CommunityStatsState.MedianSeconds(window));
        Assert.Equal(5, state.ReportsResolved);
        Assert.Equal(2, state.On(today.AddDays(-29)).ReportsResolved);
    }

    [Fact]
    public void Pruning_keeps_400_days_of_counts_and_30_days_of_resolution_times_but_every_report_in_the_open_count()
    {
        var state = new CommunityStatsState();
        for (var day = 0; day < 500; day++)
        {
            state.Apply(CommunityActivity.Of(CommunityActivityKind.ReportFiled, Noon.AddDays(day)));
            state.Apply(CommunityActivity.Of(CommunityActivityKind.PostCreated, Noon.AddDays(day)));
            if (day % 2 == 0) state.Apply(Resolved(Noon.AddDays(day), 60));
            state.Prune();
        }
        var newest = DateOnly.FromDateTime(Noon.AddDays(499).UtcDateTime);

        Assert.Equal(CommunityStatsState.DaysKept, state.Days.Count);
        Assert.Equal((1, 0), (state.On(newest.AddDays(-399)).Posts, state.On(newest.AddDays(-400)).Posts));
        Assert.Equal(15, state.ResolutionTicks.Count); // the even days among the last 30
        Assert.Equal((500L, 250L), (state.ReportsFiled, state.ReportsResolved));
    }

    private static long Seconds(int seconds) => TimeSpan.FromSeconds(seconds).Ticks;

    private static CommunityActivity Resolved(DateTimeOffset at, params int[] seconds) =>
        new(CommunityActivityKind.ReportsResolved, at, [.. seconds.Select(s => TimeSpan.FromSeconds(s))]);
}
