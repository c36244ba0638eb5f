using System.Diagnostics;
using Journal.Persistence.CallChains;
using Journal.Tests.Infrastructure;
using Journal.Tests.Providers.Grains;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Journal.Tests.Providers;

/// <summary>
/// The call-cycle filter on 2 silos: a call cycle between non-reentrant grains fails at once with
/// <see cref="DeadlockException"/> naming the cycle, where Orleans alone would wait for the response
/// timeout; what Orleans lets interleave (reentrant grains, [AlwaysInterleave], read-only turns, a
/// one-way call) is not taken for a cycle.
/// </summary>
public sealed class CallCycleTests(CallCycleTests.Fixture fixture) : IClassFixture<CallCycleTests.Fixture>
{
    /// <summary>Short enough for the timeout test; a cycle must fail well before it.</summary>
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(4);

    public sealed class Fixture : ClusterFixture
    {
        protected override Task<InProcessTestCluster> StartAsync(PostgresDatabase database) =>
            StartClusterAsync(database, configure: silo => silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout));
    }

    private IChainGrain Chain(string key) => fixture.Cluster.Client.GetGrain<IChainGrain>(key);

    private static string Key(string name) => name + "-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_call_cycle_between_non_reentrant_grains_fails_fast_naming_the_cycle()
    {
        string a = Key("a"), b = Key("b"), c = Key("c");
        var started = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<DeadlockException>(() => Chain(a).Call([b, c, a]));

        Assert.True(started.Elapsed < ResponseTimeout / 2, $"failed after {started.Elapsed}, not well before the response timeout");
        Assert.Contains($"test-chain/{a} → test-chain/{b} → test-chain/{c} → test-chain/{a}", error.Message);
        Assert.Equal(1, await Chain(a).Call([])); // nothing is left hanging
    }

    [Fact]
    public async Task A_non_reentrant_grain_calling_itself_is_a_deadlock()
    {
        var self = Key("self");
        var started = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<DeadlockException>(() => Chain(self).Call([self]));

        Assert.True(started.Elapsed < ResponseTimeout / 2, $"failed after {started.Elapsed}");
        Assert.Contains($"test-chain/{self} → test-chain/{self}", error.Message);
    }

    [Fact]
    public async Task Cycles_through_reentrant_grains_or_AlwaysInterleave_methods_complete()
    {
        string r1 = Key("r1"), r2 = Key("r2"), i1 = Key("i1"), i2 = Key("i2");

        Assert.Equal(4, await fixture.Cluster.Client.GetGrain<IReentrantChainGrain>(r1).Call([r2, r1, r2]));
        Assert.Equal(3, await Chain(i1).InterleavedCall([i2, i1]));
    }

    [Fact]
    public async Task A_read_only_turn_called_back_read_only_completes_but_not_called_back_to_write()
    {
        string a = Key("ro-a"), b = Key("ro-b");

        Assert.Equal(3, await Chain(a).ReadOnlyCall([b, a], writeLast: false));
        var error = await Assert.ThrowsAsync<DeadlockException>(() => Chain(a).ReadOnlyCall([b, a], writeLast: true));
        Assert.Contains($"test-chain/{a} → test-chain/{b} → test-chain/{a}", error.Message);
    }

    [Fact]
    public async Task A_one_way_call_back_into_a_busy_grain_waits_instead_of_failing_as_a_deadlock()
    {
        string a = Key("busy-a"), b = Key("busy-b");

        await Chain(a).StartCallBackAndStayBusy(b);

        await Eventually.True(async () => await Chain(b).CallBackOutcome() is not null, "the call-back finished");
        Assert.Equal("ok", await Chain(b).CallBackOutcome());
    }

    [Fact]
    public async Task A_chain_without_a_cycle_completes()
    {
        Assert.Equal(4, await Chain(Key("x1")).Call([Key("x2"), Key("x3"), Key("x4")]));
    }

    [Fact]
    public async Task A_call_without_an_answer_fails_with_a_TimeoutException_after_the_response_timeout()
    {
        string caller = Key("caller"), hung = Key("hung");
        var started = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TimeoutException>(() => Chain(caller).CallHanging(hung));

        Assert.InRange(started.Elapsed, ResponseTimeout * 0.9, ResponseTimeout * 3);
        await Chain(hung).Release();
    }
}
