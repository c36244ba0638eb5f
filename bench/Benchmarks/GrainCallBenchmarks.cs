using BenchmarkDotNet.Attributes;
using Journal.Bench.Grains;

namespace Journal.Bench.Benchmarks;

/// <summary>(a) one call to an active grain, awaited by one caller: the latency of a grain call.</summary>
[MemoryDiagnoser]
public class GrainCallBenchmarks
{
    private BenchSilo _silo = null!;
    private IPingGrain _grain = null!;

    [GlobalSetup]
    public void Setup()
    {
        _silo = BenchSilo.InMemory();
        _grain = _silo.Runtime.GetGrain<IPingGrain>(Guid.NewGuid());
        _grain.Ping().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _silo.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public Task<int> CallActiveGrain() => _grain.Ping();
}
