using Journal.Runtime;
using Journal.Tests.Infrastructure;
using Journal.Tests.Runtime.Grains;

namespace Journal.Tests.Runtime;

/// <summary>Grain timers tick as turns and die with their activation.</summary>
public sealed class TimerTests
{
    [Fact]
    public async Task Timer_ticks_are_turns_that_never_overlap_a_request()
    {
        await using var silo = TestRuntime.Start();
        var grain = silo.Grains.GetGrain<ITimerGrain>(Guid.NewGuid());
        await grain.Start(periodMs: 10, keepAlive: false);

        for (var i = 0; i < 5; i++) Assert.True(await grain.BusyWithoutTicks(60), "a tick ran during a request");
        await Eventually.True(() => grain.Stats().Result.Ticks >= 5, "the timer ticks between requests");

        Assert.False((await grain.Stats()).Overlapped);
    }

    [Fact]
    public async Task A_disposed_timer_stops_ticking()
    {
        await using var silo = TestRuntime.Start();
        var grain = silo.Grains.GetGrain<ITimerGrain>(Guid.NewGuid());
        await grain.Start(periodMs: 10, keepAlive: false);
        await Eventually.True(() => grain.Stats().Result.Ticks >= 2, "the timer ticks");

        await grain.StopTimer(); // a tick may already be queued behind this request: it must not run
        var ticks = (await grain.Stats()).Ticks;
        await Task.Delay(100);

        Assert.Equal(ticks, (await grain.Stats()).Ticks);
    }

    [Fact]
    public async Task Timers_die_with_the_activation()
    {
        await using var silo = TestRuntime.Start();
        var grain = silo.Grains.GetGrain<ITimerGrain>(Guid.NewGuid());
        await grain.Start(periodMs: 10, keepAlive: false);
        await Eventually.True(() => grain.Stats().Result.Ticks >= 2, "the timer ticks");

        await grain.Deactivate();
        await Eventually.True(() => silo.Runtime.ActivationCount == 0, "the activation is gone");
        await Task.Delay(100);

        var grainId = ((GrainReference)(object)grain).GrainId;
        Assert.Equal(0, silo.Events.TicksAfterDeactivation(grainId));
        Assert.Equal(0, silo.Runtime.ActivationCount); // no tick re-activated it
        Assert.Equal(0, (await grain.Stats()).Ticks); // the new activation has no timer
    }

    [Fact]
    public async Task Ticks_that_fire_while_the_grain_deactivates_do_not_bring_it_back()
    {
        await using var silo = TestRuntime.Start();
        var grain = silo.Grains.GetGrain<ITimerGrain>(Guid.NewGuid());
        var grainId = ((GrainReference)(object)grain).GrainId;
        await grain.Start(periodMs: 5, keepAlive: false);

        await grain.DeactivateSlowly(100); // ticks queue up behind this request
        await Eventually.True(() => silo.Runtime.ActivationCount == 0, "the activation is gone");
        await Task.Delay(100);

        Assert.Equal(0, silo.Runtime.ActivationCount);
        Assert.Equal(1, silo.Events.Activations(grainId));
    }

    [Fact]
    public async Task Ticks_do_not_keep_an_activation_alive_unless_asked_to()
    {
        await using var silo = TestRuntime.Start(TestRuntime.QuickCollection);
        var plain = silo.Grains.GetGrain<ITimerGrain>(Guid.NewGuid());
        var keptAlive = silo.Grains.GetGrain<ITimerGrain>(Guid.NewGuid());
        await plain.Start(periodMs: 20, keepAlive: false);
        await keptAlive.Start(periodMs: 20, keepAlive: true);

        await Eventually.True(() => silo.Events.Deactivations(((GrainReference)(object)plain).GrainId).Count == 1, "the plain grain is collected");

        Assert.Empty(silo.Events.Deactivations(((GrainReference)(object)keptAlive).GrainId));
    }
}
