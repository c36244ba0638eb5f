using Dapper;
using Journal.Tests.Infrastructure;
using Journal.Tests.Providers.Grains;
using Orleans;

namespace Journal.Tests.Providers;

/// <summary>
/// Where Orleans reminders (ADO.NET table, migration 0010) fire on real silos: a deactivated grain is
/// activated for its tick, reminders outlive their cluster and fire on the next one, and two silos
/// fire each tick once. Ticks are counted per reminder in <see cref="ReminderLog"/>.
/// </summary>
public sealed class ReminderClusterTests(ReminderClusterTests.Fixture fixture) : IClassFixture<ReminderClusterTests.Fixture>
{
    public sealed class Fixture : ClusterFixture;

    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1); // ReminderOptions.MinimumReminderPeriod in TestSilos

    private static string NewKey(string name) => name + "-" + Guid.NewGuid().ToString("N")[..8];

    private IRemindedGrain Grain(string key) => fixture.Cluster.Client.GetGrain<IRemindedGrain>(key);

    [Fact]
    public async Task A_reminder_of_a_deactivated_grain_activates_it()
    {
        var key = NewKey("sleeper");
        await Grain(key).RegisterOnce("wake", TimeSpan.FromSeconds(3));
        await Grain(key).Deactivate();
        await Eventually.True(() => ReminderLog.Deactivations(key) == 1, "the grain is deactivated");
        Assert.Empty(ReminderLog.Ticks(key, "wake"));

        await Eventually.True(() => ReminderLog.Ticks(key, "wake").Count == 1, "the reminder fires");

        Assert.Equal(2, ReminderLog.Activations(key));
        await Eventually.True(async () => await StoredReminders(key) == 0, "the woken grain unregistered it");
    }

    [Fact]
    public async Task Reminders_survive_a_restart_of_the_cluster_and_its_two_silos_fire_each_tick_once()
    {
        var key = NewKey("restarted");
        var keys = Enumerable.Range(0, 20).Select(i => NewKey($"restarted{i}")).ToList();
        var service = Guid.NewGuid().ToString("N");
        var first = await ClusterFixture.StartClusterAsync(fixture.Database, silos: 1, serviceId: service);
        await first.Client.GetGrain<IRemindedGrain>(key).RegisterOnce("later", TimeSpan.FromSeconds(5));
        await Task.WhenAll(keys.Select(k => first.Client.GetGrain<IRemindedGrain>(k).RegisterPeriodic("beat", TimeSpan.FromSeconds(5), Period, ticks: 3)));
        await first.DisposeAsync();
        var restartedAt = DateTime.UtcNow;
        Assert.Empty(ReminderLog.Ticks(key, "later"));

        // Both silos of the new cluster read the table when they start: each must fire only its share of the ring.
        await using var second = await ClusterFixture.StartClusterAsync(fixture.Database, silos: 2, serviceId: service);

        await Eventually.True(() => ReminderLog.Ticks(key, "later").Count >= 1, "the once-reminder fires on the new cluster", 15_000);
        Assert.True(ReminderLog.Ticks(key, "later")[0].At > restartedAt);
        await AssertEachTickedOnce(keys, 3);
        Assert.Single(ReminderLog.Ticks(key, "later"));
        Assert.Equal(0, await StoredReminders([key, .. keys]));
    }

    [Fact]
    public async Task Two_silos_fire_each_tick_once()
    {
        var keys = Enumerable.Range(0, 20).Select(i => NewKey($"shared{i}")).ToList();

        // Twenty grains: their reminders fall in both silos' ranges of the ring.
        await Task.WhenAll(keys.Select(key => Grain(key).RegisterPeriodic("beat", TimeSpan.Zero, Period, ticks: 3)));

        await AssertEachTickedOnce(keys, 3);
        Assert.Equal(2, keys.SelectMany(key => ReminderLog.Ticks(key, "beat")).Select(tick => tick.Source).Distinct().Count());
    }

    /// <summary>
    /// Each reminder "beat" of <paramref name="keys"/> ticks <paramref name="ticks"/> times, then is
    /// unregistered, and no tick fired on two silos: both would fire it on time, so the two ticks
    /// share a period from two sources. (One silo's late tick shares its label with the next tick,
    /// which that silo fires at once; the source tells the two cases apart.)
    /// </summary>
    private async Task AssertEachTickedOnce(IReadOnlyList<string> keys, int ticks)
    {
        await Eventually.True(() => keys.All(key => ReminderLog.Ticks(key, "beat").Count >= ticks), $"{ticks} ticks each", 15_000);
        await Eventually.True(async () => await StoredReminders(keys) == 0, "all unregistered themselves");
        await Task.Delay(Period * 1.5); // a tick fired twice would arrive meanwhile
        Assert.All(keys, key =>
        {
            var seen = ReminderLog.Ticks(key, "beat");
            Assert.Equal(ticks, seen.Count);
            Assert.True(seen.GroupBy(tick => tick.Period).All(period => period.Select(tick => tick.Source).Distinct().Count() == 1),
                $"{key}: a period ticked on two silos: {string.Join(", ", seen.Select(tick => $"period {tick.Period} at {tick.At:HH:mm:ss.fff} from {tick.Source}"))}");
        });
    }

    private Task<long> StoredReminders(string key) => StoredReminders([key]);

    private async Task<long> StoredReminders(IReadOnlyList<string> keys)
    {
        var grainIds = keys.Select(key => fixture.Cluster.Client.GetGrain<IRemindedGrain>(key).GetGrainId().ToString()).ToArray();
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM orleans_reminders WHERE grain_id = ANY(@grainIds)", new { grainIds });
    }
}
