using Dapper;
using Journal.Tests.Infrastructure;
using Journal.Tests.Providers.Grains;
using Orleans;

namespace Journal.Tests.Providers;

/// <summary>
/// Reminders on Orleans' reminder service over the ADO.NET reminder table (migration 0010) on real
/// silos, with the project's once-reminders (<c>RegisterOnceReminder</c>: periodic with the minimum
/// period, 1 s here, unregistered by the grain when its tick did its work).
/// </summary>
public sealed class ReminderTests(ReminderTests.Fixture fixture) : IClassFixture<ReminderTests.Fixture>
{
    public sealed class Fixture : ClusterFixture;

    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1); // ReminderOptions.MinimumReminderPeriod in TestSilos

    private static string NewKey(string name) => name + "-" + Guid.NewGuid().ToString("N")[..8];

    private IRemindedGrain Grain(string key) => fixture.Cluster.Client.GetGrain<IRemindedGrain>(key);

    [Fact]
    public async Task A_once_reminder_fires_on_time_once_and_is_gone_after_the_grain_unregisters_it()
    {
        var key = NewKey("once");
        var due = DateTime.UtcNow.AddSeconds(2);
        await Grain(key).RegisterOnce("once", TimeSpan.FromSeconds(2));
        Assert.Equal(["once"], await Grain(key).ReminderNames());
        Assert.Equal(1, await StoredReminders(key));

        await Eventually.True(() => ReminderLog.Ticks(key, "once").Count == 1, "the tick");
        var tick = ReminderLog.Ticks(key, "once")[0];
        Assert.InRange(tick.At - due, TimeSpan.FromMilliseconds(-100), TimeSpan.FromSeconds(3));
        await Eventually.True(async () => await StoredReminders(key) == 0, "the grain unregistered it");
        await Task.Delay(Period * 2.5); // it would have fired twice more by now

        Assert.Single(ReminderLog.Ticks(key, "once"));
        Assert.Empty(await Grain(key).ReminderNames());
    }

    [Fact]
    public async Task A_tick_that_throws_is_fired_again_and_then_completes()
    {
        var key = NewKey("retried");
        ReminderLog.FailTicks(key, "retry", 2);

        await Grain(key).RegisterOnce("retry", TimeSpan.Zero);

        await Eventually.True(() => ReminderLog.Ticks(key, "retry").Any(t => !t.Failed), "the third attempt succeeds");
        await Eventually.True(async () => await StoredReminders(key) == 0, "then the grain unregisters it");
        await Task.Delay(Period * 2.5);
        Assert.Equal([true, true, false], ReminderLog.Ticks(key, "retry").Select(t => t.Failed));
    }

    [Fact]
    public async Task A_periodic_reminder_can_unregister_itself_from_its_own_tick()
    {
        var key = NewKey("periodic");

        await Grain(key).RegisterPeriodic("beat", TimeSpan.Zero, Period, ticks: 3);

        await Eventually.True(() => ReminderLog.Ticks(key, "beat").Count == 3, "three ticks");
        await Eventually.True(async () => await StoredReminders(key) == 0, "the third tick unregistered it");
        await Task.Delay(Period * 2.5);
        var ticks = ReminderLog.Ticks(key, "beat");
        Assert.Equal(3, ticks.Count);
        // In period order (a late machine may skip a period, or fire a tick so late it shares the next one's label).
        Assert.Equal(ticks.Select(tick => tick.Period).Order(), ticks.Select(tick => tick.Period));
        Assert.Empty(await Grain(key).ReminderNames());
    }

    [Fact]
    public async Task Registering_again_replaces_the_reminder()
    {
        var key = NewKey("replaced");
        await Grain(key).RegisterPeriodic("r", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), ticks: 0);

        await Grain(key).RegisterOnce("r", TimeSpan.FromMilliseconds(100));

        Assert.Equal(1, await StoredReminders(key));
        await Eventually.True(() => ReminderLog.Ticks(key, "r").Count == 1, "the replacement fires, not the minute-long original");
        await Eventually.True(async () => await StoredReminders(key) == 0, "the grain unregistered it, and no original is left");
    }

    [Fact]
    public async Task A_once_reminder_registered_again_from_its_own_tick_is_kept()
    {
        var key = NewKey("renewed");

        await Grain(key).RegisterOnceThenAgain("renew", TimeSpan.Zero, TimeSpan.FromMinutes(10));

        await Eventually.True(() => ReminderLog.Ticks(key, "renew").Count == 1, "the tick");
        await Task.Delay(Period * 2.5); // the first registration would have fired again by now
        Assert.Single(ReminderLog.Ticks(key, "renew"));
        Assert.Equal(["renew"], await Grain(key).ReminderNames());
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        var startAt = await connection.ExecuteScalarAsync<DateTime>("SELECT start_at FROM orleans_reminders WHERE grain_id = @grainId AND reminder_name = 'renew'",
            new { grainId = Grain(key).GetGrainId().ToString() });
        Assert.True(startAt > DateTime.UtcNow.AddMinutes(9), $"registered again for later, starting {startAt:O}");
    }

    private Task<long> StoredReminders(string key) => StoredReminders([key]);

    private async Task<long> StoredReminders(IReadOnlyList<string> keys)
    {
        var grainIds = keys.Select(key => fixture.Cluster.Client.GetGrain<IRemindedGrain>(key).GetGrainId().ToString()).ToArray();
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM orleans_reminders WHERE grain_id = ANY(@grainIds)", new { grainIds });
    }
}
