using Journal.Persistence.Streams;

namespace Journal.Tests.Providers;

/// <summary>
/// A consumer's later write falls due within the configured delay and event count, each drawn within
/// its upper half, so that consumers fed together do not write together.
/// </summary>
public sealed class WriteBehindTests
{
    [Theory]
    [InlineData(0.0, 2_500)]
    [InlineData(0.5, 3_750)]
    [InlineData(0.999, 4_997.5)]
    public void A_write_falls_due_in_the_second_half_of_the_delay(double random, double dueMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(dueMs), WriteBehind.Due(TimeSpan.FromSeconds(5), random));

    [Theory]
    [InlineData(0.0, WriteBehind.MaxEvents / 2)]
    [InlineData(0.5, 75)]
    [InlineData(0.999, WriteBehind.MaxEvents)]
    public void A_write_is_made_at_once_when_between_half_and_all_of_the_most_events_wait(double random, int limit) =>
        Assert.Equal(limit, WriteBehind.Limit(random));

    [Fact]
    public void Consumers_armed_together_fall_due_spread_over_the_upper_halves_rather_than_at_one_moment()
    {
        var delay = TimeSpan.FromSeconds(5);
        var draws = Enumerable.Range(0, 1_000).Select(_ => Random.Shared.NextDouble()).ToList();
        var dues = draws.Select(random => WriteBehind.Due(delay, random)).ToList();
        var limits = draws.Select(WriteBehind.Limit).ToList();

        Assert.All(dues, due => Assert.InRange(due, delay / 2, delay));
        Assert.All(limits, limit => Assert.InRange(limit, WriteBehind.MaxEvents / 2, WriteBehind.MaxEvents));
        // Every tenth of each range holds some of them, and none holds a quarter.
        AssertSpread(dues.Select(due => (int)((due - delay / 2) / (delay / 20))));
        AssertSpread(limits.Select(limit => Math.Min(9, (limit - WriteBehind.MaxEvents / 2) / 5)));
    }

    private static void AssertSpread(IEnumerable<int> tenths)
    {
        var counts = tenths.GroupBy(tenth => tenth).ToList();
        Assert.Equal(10, counts.Count);
        Assert.All(counts, tenth => Assert.InRange(tenth.Count(), 1, 249));
    }
}
