using Journal.Runtime;
using Journal.Tests.Infrastructure;
using Journal.Tests.Runtime.Grains;

namespace Journal.Tests.Runtime;

/// <summary>Semantic 1: one activation per grain id, activated on first call, state read before OnActivateAsync.</summary>
public sealed class ActivationTests : RuntimeTest
{
    [Fact]
    public void GetGrain_returns_a_reference_not_the_grain_object()
    {
        var reference = Silo.Grains.GetGrain<ICounterGrain>(Guid.NewGuid());

        Assert.IsAssignableFrom<GrainReference>(reference);
        Assert.IsNotAssignableFrom<Grain>(reference);
        Assert.Equal(0, Silo.Runtime.ActivationCount); // getting a reference activates nothing
    }

    [Fact]
    public async Task First_call_activates_and_concurrent_first_calls_share_one_activation()
    {
        var id = Guid.NewGuid();
        var calls = Enumerable.Range(0, 200).Select(_ => Task.Run(() => Silo.Grains.GetGrain<ICounterGrain>(id).Info()));

        var infos = await Task.WhenAll(calls);

        Assert.Single(infos.Select(i => i.ActivationId).Distinct());
        Assert.Equal(1, Silo.Events.Activations(GrainId.Create(nameof(CounterGrain), id)));
        Assert.Equal(1, Silo.Runtime.ActivationCount);
    }

    [Fact]
    public async Task Persistent_state_is_read_before_OnActivateAsync()
    {
        var id = Guid.NewGuid();
        var grain = Silo.Grains.GetGrain<ICounterGrain>(id);
        await grain.IncrementAndSave();
        await grain.IncrementAndSave();
        await grain.Deactivate();

        var info = await grain.Info();

        Assert.Equal(2, info.CountSeenOnActivate);
        Assert.Equal(2, await grain.Get());
    }

    [Fact]
    public async Task DeactivateOnIdle_ends_the_activation_and_the_next_call_gets_a_new_one()
    {
        var grain = Silo.Grains.GetGrain<ICounterGrain>(Guid.NewGuid());
        var first = await grain.Info();

        await grain.Deactivate();
        var second = await grain.Info();

        Assert.NotEqual(first.ActivationId, second.ActivationId);
        Assert.Equal([DeactivationReasonCode.ApplicationRequested], Silo.Events.Deactivations(((GrainReference)(object)grain).GrainId));
    }

    [Fact]
    public async Task Each_activation_has_its_own_DI_scope_disposed_with_it()
    {
        var grain = Silo.Grains.GetGrain<IScopeProbeGrain>(Guid.NewGuid());
        var first = await grain.ProbeId();

        Assert.Equal(first, await grain.ProbeId());
        Assert.NotEqual(first, await Silo.Grains.GetGrain<IScopeProbeGrain>(Guid.NewGuid()).ProbeId());
        await grain.Deactivate();
        var second = await grain.ProbeId();

        Assert.NotEqual(first, second);
        Assert.True(Silo.Events.WasDisposed(first));
        Assert.False(Silo.Events.WasDisposed(second));
    }

    [Fact]
    public void Settings_the_runtime_cannot_work_with_are_refused_naming_the_key()
    {
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => TestRuntime.Start(o =>
        {
            o.CollectionQuantum = TimeSpan.Zero;
            o.MaxActiveActivations = 0;
        }));

        Assert.Contains("GrainRuntime:CollectionQuantum must be a positive duration", error.Message);
        Assert.Contains("GrainRuntime:MaxActiveActivations must be at least 1", error.Message);
    }

    [Fact]
    public async Task A_failed_activation_fails_its_callers_and_is_retried_on_the_next_call()
    {
        var broken = Silo.Grains.GetGrain<IFailingActivationGrain>("broken");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => broken.Ping());
        Assert.Equal("activation refused", error.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => broken.Ping());
        await Silo.Grains.GetGrain<IFailingActivationGrain>("fine").Ping();
        Assert.Equal(1, Silo.Runtime.ActivationCount);
    }
}
