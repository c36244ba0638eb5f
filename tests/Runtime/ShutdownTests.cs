using Journal.Runtime;
using Journal.Tests.Infrastructure;
using Journal.Tests.Runtime.Grains;

namespace Journal.Tests.Runtime;

/// <summary>Semantic 6: graceful shutdown deactivates every activation, which flushes what it holds.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_deactivates_every_activation_and_refuses_new_ones()
    {
        var silo = TestRuntime.Start();
        var grains = Enumerable.Range(0, 20).Select(_ => silo.Grains.GetGrain<ICounterGrain>(Guid.NewGuid())).ToList();
        foreach (var grain in grains)
        {
            await grain.IncrementAndSave();
            await grain.Increment(); // unsaved until the flush in OnDeactivateAsync
        }

        await silo.Runtime.StopAsync();

        Assert.Equal(0, silo.Runtime.ActivationCount);
        Assert.All(grains, g => Assert.Equal([DeactivationReasonCode.ShuttingDown], silo.Events.Deactivations(((GrainReference)(object)g).GrainId)));
        await Assert.ThrowsAsync<RuntimeStoppingException>(() => grains[0].Get());

        var storage = silo.Storage;
        foreach (var grain in grains)
        {
            var state = new StateHolder();
            await storage.ReadStateAsync("counter", ((GrainReference)(object)grain).GrainId, state, default);
            Assert.Equal(2, state.State.Count);
        }
        await silo.DisposeAsync();
    }

    private sealed class StateHolder : IGrainState<CounterState>
    {
        public CounterState State { get; set; } = new();
        public string? ETag { get; set; }
        public bool RecordExists { get; set; }
    }
}
