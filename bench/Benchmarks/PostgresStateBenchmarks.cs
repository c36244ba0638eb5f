using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Dapper;
using Journal.Bench.Grains;

namespace Journal.Bench.Benchmarks;

/// <summary>
/// (c) a cold activation that reads its state from PostgreSQL and (d) a WriteStateAsync round trip,
/// on the product's silo (<c>AddJournalSilo</c>) and its unit-of-work grain storage.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 2, iterationCount: 10, invocationCount: 2000)]
public class PostgresStateBenchmarks
{
    private const int SeededGrains = 30_000;

    private BenchSilo _silo = null!;
    private Guid[] _cold = null!;
    private int _next;
    private IStoredCounterGrain _hot = null!;

    // BenchmarkDotNet's in-process toolchain does not await an async GlobalSetup.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _silo = await BenchSilo.OnPostgresAsync();
        _cold = Enumerable.Range(0, SeededGrains).Select(_ => Guid.NewGuid()).ToArray();
        await using (var connection = await _silo.DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync(
                "INSERT INTO grain_state (grain_type, grain_key, state_name, payload, version) SELECT @Type, k, 'counter', '{\"count\": 7}', 1 FROM unnest(@Keys) AS k",
                new { Type = StoredCounterGrain.GrainTypeName, Keys = _cold.Select(g => g.ToString("N")).ToArray() });
        _hot = _silo.Grains.GetGrain<IStoredCounterGrain>(Guid.NewGuid());
        await _hot.IncrementAndSave();
    }

    [GlobalCleanup]
    public void Cleanup() => _silo.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Each invocation activates a grain never activated before; its state row exists.</summary>
    [Benchmark]
    public Task<int> ColdActivationReadingState() =>
        _silo.Grains.GetGrain<IStoredCounterGrain>(_cold[Interlocked.Increment(ref _next) % SeededGrains]).Get();

    [Benchmark]
    public Task<int> WriteStateRoundTrip() => _hot.IncrementAndSave();
}
