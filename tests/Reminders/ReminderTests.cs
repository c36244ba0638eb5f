using System.Diagnostics;
using Journal.Runtime;
using Journal.Tests.Infrastructure;
using Journal.Tests.Reminders.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Tests.Reminders;

/// <summary>Durable reminders on the real PostgreSQL server: periodic and one-shot, on time, across deactivation and restarts.</summary>
public sealed class ReminderTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private readonly ReminderLog _log = new();

    private TestRuntime StartSilo(Action<ReminderOptions>? reminders = null, Action<GrainRuntimeOptions>? options = null) =>
        TestRuntime.Start(options, postgres: database.ConnectionString, configure: runtime =>
        {
            runtime.Services.AddSingleton(_log);
            runtime.AddPostgresReminders(options =>
            {
                options.MinimumPeriod = TimeSpan.FromMilliseconds(100);
                options.RetryDelay = TimeSpan.FromMilliseconds(50);
                reminders?.Invoke(options);
            });
        }, extraGrains: [typeof(ReminderGrain), typeof(NotRemindableGrain)]);

    [Fact]
    public async Task A_periodic_reminder_ticks_every_period_until_unregistered()
    {
        await using var silo = StartSilo();
        var grain = silo.Grains.GetGrain<IReminderGrain>("periodic");

        await grain.Register("beat", dueMilliseconds: 0, periodMilliseconds: 200);
        await Eventually.True(() => _log.Ticks("periodic", "beat").Count >= 3, "three ticks");
        Assert.True(await grain.Unregister("beat"));
        await Task.Delay(100); // a tick already under way may still finish
        var ticks = _log.Ticks("periodic", "beat").Count;
        await Task.Delay(600);

        Assert.Equal(ticks, _log.Ticks("periodic", "beat").Count);
        Assert.Empty(await grain.List());
        Assert.All(_log.Ticks("periodic", "beat"), t => Assert.Equal(TimeSpan.FromMilliseconds(200), t.Period));
    }

    [Fact]
    public async Task A_one_shot_reminder_fires_once_within_a_second_of_its_due_time_and_is_gone()
    {
        await using var silo = StartSilo();
        var grain = silo.Grains.GetGrain<IReminderGrain>("one-shot");

        var registered = await grain.Register("once", dueMilliseconds: 700, periodMilliseconds: null);
        Assert.Null(registered.Period);
        Assert.Equal(["once"], (await grain.List()).Select(r => r.ReminderName));
        await Eventually.True(() => _log.Ticks("one-shot", "once").Count == 1, "the tick");
        await Task.Delay(1_000);

        var tick = Assert.Single(_log.Ticks("one-shot", "once"));
        Assert.Equal(Timeout.InfiniteTimeSpan, tick.Period);
        Assert.InRange(tick.CurrentTickTime - registered.NextDue, TimeSpan.FromMilliseconds(-5), TimeSpan.FromSeconds(1));
        Assert.Empty(await grain.List());
    }

    [Fact]
    public async Task Registering_again_replaces_the_reminder()
    {
        await using var silo = StartSilo();
        var grain = silo.Grains.GetGrain<IReminderGrain>("replaced");
        await grain.Register("r", dueMilliseconds: 60_000, periodMilliseconds: 60_000);

        await grain.Register("r", dueMilliseconds: 100, periodMilliseconds: null);

        await Eventually.True(() => _log.Ticks("replaced", "r").Count == 1, "the replacement fires");
        Assert.Equal(Timeout.InfiniteTimeSpan, _log.Ticks("replaced", "r")[0].Period);
        await Eventually.True(async () => (await grain.List()).IsEmpty, "the one-shot replacement is gone after firing");
    }

    [Fact]
    public async Task A_reminder_of_a_deactivated_grain_activates_it()
    {
        await using var silo = StartSilo();
        var grain = silo.Grains.GetGrain<IReminderGrain>("sleeper");
        await grain.Register("wake", dueMilliseconds: 2_000, periodMilliseconds: null);
        await grain.Deactivate();
        await Eventually.True(() => silo.Runtime.ActivationCount == 0, "the grain is deactivated");

        await Eventually.True(() => _log.Ticks("sleeper", "wake").Count == 1, "the reminder fires");

        Assert.Equal(2, _log.Activations("sleeper"));
    }

    [Fact]
    public async Task Reminders_survive_a_restart_and_ticks_missed_meanwhile_fire_once()
    {
        var first = StartSilo();
        var registered = await first.Grains.GetGrain<IReminderGrain>("restarted").Register("daily", dueMilliseconds: 1_500, periodMilliseconds: 500);
        await first.DisposeAsync(); // down before the first tick
        await Task.Delay(3_500); // four ticks are missed
        var restartedAt = DateTimeOffset.UtcNow;

        await using var second = StartSilo();

        await Eventually.True(() => _log.Ticks("restarted", "daily").Count >= 2, "the missed tick, then the next one");
        var ticks = _log.Ticks("restarted", "daily");
        Assert.Equal(registered.NextDue, ticks[0].DueTime); // the first missed tick fires once…
        Assert.True(ticks[0].CurrentTickTime >= restartedAt);
        Assert.True(ticks[1].DueTime > restartedAt, "…and the other missed ticks do not fire"); // the next one is in the future
        Assert.Equal(0, (ticks[1].DueTime - registered.NextDue).Ticks % TimeSpan.FromMilliseconds(500).Ticks);
        await second.Grains.GetGrain<IReminderGrain>("restarted").Unregister("daily");
    }

    [Fact]
    public async Task Reminders_due_together_each_fire_exactly_once()
    {
        await using var silo = StartSilo();

        await TwentyDueTogetherFireOnceEach(silo.Grains, "together");
    }

    [Theory]
    [InlineData(ReminderGrain.Renewing)]
    [InlineData(ReminderGrain.Updating)]
    public async Task A_reminder_registered_again_during_its_own_tick_is_kept(string how)
    {
        await using var silo = StartSilo();
        var grain = silo.Grains.GetGrain<IReminderGrain>("renewer");
        var name = how + "-me";

        await grain.Register(name, dueMilliseconds: 100, periodMilliseconds: null);
        await Eventually.True(() => _log.Ticks("renewer", name).Count == 1, "the tick");
        await Task.Delay(500); // the finished tick is recorded: it must not delete the new registration

        var kept = Assert.Single(await grain.List());
        Assert.Equal(name, kept.ReminderName);
        Assert.True(kept.NextDue > DateTimeOffset.UtcNow.AddMinutes(9));
        await grain.Unregister(name);
    }

    [Fact]
    public async Task A_tick_longer_than_the_response_timeout_fires_once_even_with_two_silos()
    {
        static void QuickTimeout(GrainRuntimeOptions options) => options.ResponseTimeout = TimeSpan.FromMilliseconds(200);
        await using var silo = StartSilo(options: QuickTimeout);
        await using var other = StartSilo(options: QuickTimeout); // sees the lease run out unless it is renewed
        var grain = silo.Grains.GetGrain<IReminderGrain>("slow");

        await grain.Register(ReminderGrain.Slow + "-tick", dueMilliseconds: 0, periodMilliseconds: null);

        await Eventually.True(() => _log.Ticks("slow", ReminderGrain.Slow + "-tick").Count == 1, "the tick");
        await Task.Delay(2_000); // the 700 ms turn ends; a tick taken for failed would be retried meanwhile
        Assert.Single(_log.Ticks("slow", ReminderGrain.Slow + "-tick"));
        Assert.Empty(await grain.List()); // and the one-shot reminder is done
    }

    [Fact]
    public async Task A_tick_that_never_ends_does_not_hold_the_shutdown()
    {
        var silo = StartSilo(options: options => options.DeactivationTimeout = TimeSpan.FromMilliseconds(500));
        await silo.Grains.GetGrain<IReminderGrain>("hung").Register(ReminderGrain.Hanging + "-tick", dueMilliseconds: 0, periodMilliseconds: null);
        await Eventually.True(() => _log.Ticks("hung", ReminderGrain.Hanging + "-tick").Count == 1, "the tick runs");

        var stopping = Stopwatch.StartNew();
        await silo.DisposeAsync();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"the stop took {stopping.Elapsed}");
    }

    [Fact]
    public async Task Two_silos_on_one_database_fire_a_tick_once()
    {
        await using var first = StartSilo();
        await using var second = StartSilo(); // reads the same table: it must not fire what the first claimed

        await TwentyDueTogetherFireOnceEach(first.Grains, "shared");
    }

    private async Task TwentyDueTogetherFireOnceEach(IGrainFactory grains, string prefix)
    {
        await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => grains.GetGrain<IReminderGrain>($"{prefix}-{i}").Register("same-time", dueMilliseconds: 500, periodMilliseconds: null)));

        await Eventually.True(() => Enumerable.Range(0, 20).All(i => _log.Ticks($"{prefix}-{i}", "same-time").Count >= 1), "all twenty fire");
        await Task.Delay(1_500);
        Assert.All(Enumerable.Range(0, 20), i => Assert.Single(_log.Ticks($"{prefix}-{i}", "same-time")));
    }

    [Fact]
    public async Task A_failing_tick_is_retried()
    {
        await using var silo = StartSilo();
        _log.FailTicks("failing", 2);

        await silo.Grains.GetGrain<IReminderGrain>("failing").Register("retry", dueMilliseconds: 0, periodMilliseconds: null);

        await Eventually.True(() => _log.Ticks("failing", "retry").Count == 1, "the third attempt succeeds");
        await Eventually.True(async () => (await silo.Grains.GetGrain<IReminderGrain>("failing").List()).IsEmpty, "then the one-shot reminder is gone");
    }

    [Fact]
    public async Task Periods_below_the_minimum_are_refused()
    {
        await using var silo = StartSilo(options => options.MinimumPeriod = TimeSpan.FromMinutes(1));

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            silo.Grains.GetGrain<IReminderGrain>("too-fast").Register("r", dueMilliseconds: 0, periodMilliseconds: 10_000));

        Assert.Contains("at least 00:01:00 (Reminders:MinimumPeriod)", error.Message);
    }

    [Fact]
    public async Task A_grain_that_is_not_remindable_cannot_register()
    {
        await using var silo = StartSilo();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Grains.GetGrain<INotRemindableGrain>("n").Register());

        Assert.Contains("does not implement IRemindable", error.Message);
    }
}
