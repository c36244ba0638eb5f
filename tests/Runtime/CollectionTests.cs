using Journal.Runtime;
using Journal.Tests.Infrastructure;
using Journal.Tests.Runtime.Grains;

namespace Journal.Tests.Runtime;

/// <summary>Idle collection (age, quantum, per-type override) and the LRU cap on live activations.</summary>
public sealed class CollectionTests
{
    [Fact]
    public async Task Idle_activations_are_collected_after_the_collection_age_and_busy_ones_are_not()
    {
        await using var silo = TestRuntime.Start(TestRuntime.QuickCollection);
        var idle = silo.Grains.GetGrain<ICounterGrain>(Guid.NewGuid());
        var busy = silo.Grains.GetGrain<ITurnGrain>(Guid.NewGuid());
        var idleFirst = await idle.Info();
        var running = busy.WaitForRelease(); // a request in progress for longer than the collection age

        await Eventually.True(() => silo.Events.Deactivations(((GrainReference)(object)idle).GrainId).Count == 1, "the idle grain is collected");
        await Task.Delay(600);

        Assert.Equal([DeactivationReasonCode.ActivationIdle], silo.Events.Deactivations(((GrainReference)(object)idle).GrainId));
        Assert.Empty(silo.Events.Deactivations(((GrainReference)(object)busy).GrainId));
        await busy.Release();
        await running;
        Assert.NotEqual(idleFirst.ActivationId, (await idle.Info()).ActivationId);
    }

    [Fact]
    public async Task CollectionAgeLimit_overrides_the_default_for_its_class()
    {
        await using var silo = TestRuntime.Start(o => o.CollectionQuantum = TimeSpan.FromMilliseconds(50)); // default age: 2 h
        var shortLived = silo.Grains.GetGrain<IShortLivedGrain>(Guid.NewGuid());
        var counter = silo.Grains.GetGrain<ICounterGrain>(Guid.NewGuid());
        await shortLived.Touch();
        await counter.Increment();

        await Eventually.True(() => silo.Events.Deactivations(((GrainReference)(object)shortLived).GrainId).Count == 1, "the short-lived grain is collected");

        Assert.Equal(1, silo.Runtime.ActivationCount); // the counter, with the 2 h default, stays
    }

    [Fact]
    public async Task Options_can_override_the_collection_age_per_grain_type()
    {
        await using var silo = TestRuntime.Start(o =>
        {
            o.CollectionQuantum = TimeSpan.FromMilliseconds(50);
            o.ClassSpecificCollectionAge[nameof(CounterGrain)] = TimeSpan.FromMilliseconds(200);
        });
        var counter = silo.Grains.GetGrain<ICounterGrain>(Guid.NewGuid());
        await counter.Increment();

        await Eventually.True(() => silo.Runtime.ActivationCount == 0, "the counter is collected after its type's age");
    }

    [Fact]
    public async Task Past_the_cap_the_least_recently_used_idle_activations_are_deactivated()
    {
        await using var silo = TestRuntime.Start(o => o.MaxActiveActivations = 5);
        var grains = Enumerable.Range(0, 10).Select(_ => silo.Grains.GetGrain<ICounterGrain>(Guid.NewGuid())).ToList();
        await UseOneAfterAnother(grains, g => g.Increment());

        await Eventually.True(() => silo.Runtime.ActivationCount <= 5, "the runtime evicts down to its cap");

        var evicted = grains.Take(5).Count(g => silo.Events.Deactivations(((GrainReference)(object)g).GrainId).Contains(DeactivationReasonCode.ActivationLimitExceeded));
        var kept = grains.Skip(8).Count(g => silo.Events.Deactivations(((GrainReference)(object)g).GrainId).Count == 0);
        Assert.True(evicted >= 4, $"the oldest were evicted ({evicted} of the first 5)");
        Assert.Equal(2, kept); // the two most recently used survive
    }

    [Fact]
    public async Task Slow_deactivations_under_way_are_not_evicted_for_twice()
    {
        await using var silo = TestRuntime.Start(o => o.MaxActiveActivations = 5);
        var grains = Enumerable.Range(0, 10).Select(_ => silo.Grains.GetGrain<ISlowDeactivationGrain>(Guid.NewGuid())).ToList();
        await UseOneAfterAnother(grains, g => g.Touch());

        await Eventually.True(() => silo.Runtime.ActivationCount <= 5, "the runtime evicts down to its cap");
        await Task.Delay(300); // let every deactivation under way finish

        Assert.Equal(5, silo.Runtime.ActivationCount);
        Assert.All(grains.Skip(8), g => Assert.Empty(silo.Events.Deactivations(((GrainReference)(object)g).GrainId)));
    }

    // Distinct last-use times, oldest first.
    private static async Task UseOneAfterAnother<TGrain>(IEnumerable<TGrain> grains, Func<TGrain, Task> use)
    {
        foreach (var grain in grains)
        {
            await use(grain);
            await Task.Delay(5);
        }
    }
}
