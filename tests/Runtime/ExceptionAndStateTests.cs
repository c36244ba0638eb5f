using Journal.Runtime;
using Journal.Tests.Infrastructure;
using Journal.Tests.Runtime.Grains;

namespace Journal.Tests.Runtime;

/// <summary>Semantic 3: exceptions reach the caller; only a state conflict deactivates the activation.</summary>
public sealed class ExceptionAndStateTests : RuntimeTest
{
    [Fact]
    public async Task A_grain_exception_reaches_the_caller_and_the_activation_stays_alive()
    {
        var grain = Silo.Grains.GetGrain<ICounterGrain>(Guid.NewGuid());
        await grain.Increment();
        var before = await grain.Info();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Fail("bad thing"));

        Assert.Equal("bad thing", error.Message);
        Assert.Equal(before.ActivationId, (await grain.Info()).ActivationId);
        Assert.Equal(1, await grain.Get()); // in-memory state kept
    }

    [Fact]
    public async Task InconsistentStateException_deactivates_so_the_next_call_reloads()
    {
        var grain = Silo.Grains.GetGrain<ICounterGrain>(Guid.NewGuid());
        var grainId = ((GrainReference)(object)grain).GrainId;
        await grain.IncrementAndSave();
        var before = await grain.Info();
        ((MemoryGrainStorage)Silo.Storage).SimulateConcurrentWrite("counter", grainId);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => grain.IncrementAndSave());

        Assert.Equal("2", conflict.StoredEtag);
        Assert.Equal("1", conflict.CurrentEtag);
        var after = await grain.Info();
        Assert.NotEqual(before.ActivationId, after.ActivationId);
        Assert.Equal("2", after.Etag);
        Assert.Equal(1, await grain.Get()); // the failed increment never reached storage
        Assert.Equal(2, await grain.IncrementAndSave());
    }
}
