using BenchmarkDotNet.Attributes;
using Journal.Bench.Grains;

namespace Journal.Bench.Benchmarks;

/// <summary>
/// (a) one call to an active grain, awaited by one caller: the latency of a grain call. The first
/// runs inline on the caller's thread; the second awaits inside the grain, so it pays the hops
/// through the activation's scheduler and back to the caller. An in-memory Orleans silo; the caller is
/// its co-hosted client (in process, no gateway).
/// </summary>
[MemoryDiagnoser]
public class GrainCallBenchmarks
{
    private BenchSilo _silo = null!;
    private IPingGrain _grain = null!;

    [GlobalSetup]
    public void Setup()
    {
        _silo = BenchSilo.InMemoryAsync().GetAwaiter().GetResult();
        _grain = _silo.Grains.GetGrain<IPingGrain>(Guid.NewGuid());
        _grain.Ping().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _silo.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public Task<int> CallActiveGrain() => _grain.Ping();

    [Benchmark]
    public Task<int> CallActiveGrainThatAwaits() => _grain.PingAfterYield();
}
