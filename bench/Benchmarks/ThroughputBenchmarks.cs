using BenchmarkDotNet.Attributes;
using Journal.Bench.Grains;

namespace Journal.Bench.Benchmarks;

/// <summary>(b) aggregate throughput: 1,000 concurrent callers over 10,000 active grains, on an in-memory Orleans silo.</summary>
[MemoryDiagnoser]
public class ThroughputBenchmarks
{
    private const int Grains = 10_000;
    private const int Callers = 1_000;
    private const int CallsPerCaller = 200;

    private BenchSilo _silo = null!;
    private IPingGrain[] _grains = null!;

    [GlobalSetup]
    public void Setup()
    {
        _silo = BenchSilo.InMemoryAsync().GetAwaiter().GetResult();
        _grains = Enumerable.Range(0, Grains).Select(_ => _silo.Grains.GetGrain<IPingGrain>(Guid.NewGuid())).ToArray();
        Task.WhenAll(_grains.Select(g => g.Ping())).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _silo.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>One operation is one grain call; calls/s = 1 / (time per operation).</summary>
    [Benchmark(OperationsPerInvoke = Callers * CallsPerCaller)]
    public Task ManyCallersOverManyGrains()
    {
        var callers = new Task[Callers];
        for (var c = 0; c < Callers; c++) callers[c] = Task.Run(() => Caller(c));
        return Task.WhenAll(callers);
    }

    private async Task Caller(int seed)
    {
        // A cheap deterministic spread over all grains (no shared Random).
        var index = (uint)(seed * 7919);
        for (var i = 0; i < CallsPerCaller; i++)
        {
            index = index * 1103515245 + 12345;
            await _grains[index % Grains].Ping();
        }
    }
}
