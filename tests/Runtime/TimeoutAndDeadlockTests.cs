using Journal.Runtime;
using System.Collections.Immutable;
using Journal.Tests.Infrastructure;
using Journal.Tests.Runtime.Grains;

namespace Journal.Tests.Runtime;

/// <summary>Semantic 4: the response timeout, and call cycles that fail fast instead of waiting for it.</summary>
public sealed class TimeoutAndDeadlockTests() : RuntimeTest(o =>
{
    o.ResponseTimeout = TimeSpan.FromMilliseconds(500);
    o.DeactivationTimeout = TimeSpan.FromSeconds(1); // hung grains are abandoned at the end
})
{
    [Fact]
    public async Task A_call_without_an_answer_fails_with_a_TimeoutException_after_the_response_timeout()
    {
        var grain = Silo.Grains.GetGrain<ITurnGrain>(Guid.NewGuid());
        var started = Environment.TickCount64;

        var error = await Assert.ThrowsAsync<ResponseTimeoutException>(() => grain.Hang());

        var elapsed = Environment.TickCount64 - started;
        Assert.InRange(elapsed, 450, 3000);
        Assert.Contains("ITurnGrain.Hang", error.Message);
    }

    [Fact]
    public async Task A_request_queued_behind_a_hung_one_times_out_too()
    {
        var grain = Silo.Grains.GetGrain<ITurnGrain>(Guid.NewGuid());
        var hung = grain.Hang();

        await Assert.ThrowsAsync<ResponseTimeoutException>(() => grain.Work(1));
        await Assert.ThrowsAsync<ResponseTimeoutException>(() => hung);
    }

    [Fact]
    public async Task A_call_cycle_between_non_reentrant_grains_fails_fast_naming_the_cycle()
    {
        var a = Silo.Grains.GetGrain<IChainGrain>("a");

        // A missed cycle would end in a TimeoutException instead.
        var error = await Assert.ThrowsAsync<Journal.Runtime.DeadlockException>(() => a.Call(["b", "c", "a"]));

        Assert.Contains("ChainGrain/a → ChainGrain/b → ChainGrain/c → ChainGrain/a", error.Message);
    }

    [Fact]
    public async Task A_non_reentrant_grain_calling_itself_is_a_deadlock()
    {
        var a = Silo.Grains.GetGrain<IChainGrain>("self");

        var error = await Assert.ThrowsAsync<Journal.Runtime.DeadlockException>(() => a.Call(["self"]));

        Assert.Contains("ChainGrain/self → ChainGrain/self", error.Message);
    }

    [Fact]
    public async Task Cycles_through_reentrant_grains_or_AlwaysInterleave_methods_complete()
    {
        var reentrant = Silo.Grains.GetGrain<IReentrantChainGrain>("r1");
        var interleaved = Silo.Grains.GetGrain<IChainGrain>("i1");

        Assert.Equal(4, await reentrant.Call(["r2", "r1", "r2"]));
        Assert.Equal(3, await interleaved.InterleavedCall(["i2", "i1"]));
    }

    [Fact]
    public async Task A_one_way_call_back_into_a_busy_grain_waits_instead_of_failing_as_a_deadlock()
    {
        var a = Silo.Grains.GetGrain<IChainGrain>("busy-a");
        var b = Silo.Grains.GetGrain<IChainGrain>("busy-b");

        await a.StartCallBackAndStayBusy("busy-b");

        await Eventually.True(() => b.CallBackOutcome().Result is not null, "the call-back finished");
        Assert.Equal("ok", await b.CallBackOutcome());
    }

    [Fact]
    public async Task A_chain_without_a_cycle_is_not_a_deadlock()
    {
        var a = Silo.Grains.GetGrain<IChainGrain>("x1");

        Assert.Equal(4, await a.Call(ImmutableArray.Create("x2", "x3", "x4")));
    }
}
