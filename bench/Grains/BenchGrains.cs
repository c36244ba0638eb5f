using Journal.Persistence.Storage;

namespace Journal.Bench.Grains;

[Alias("bench.IPingGrain")]
public interface IPingGrain : IGrainWithGuidKey
{
    [Alias("Ping")]
    Task<int> Ping();

    /// <summary>Yields once, so its continuation goes through the activation's scheduler and the thread pool.</summary>
    [Alias("PingAfterYield")]
    Task<int> PingAfterYield();
}

/// <summary>The smallest useful grain: a counter in memory.</summary>
[GrainType("bench-ping")]
public sealed class PingGrain : Grain, IPingGrain
{
    private int _calls;

    public Task<int> Ping() => Task.FromResult(++_calls);

    public async Task<int> PingAfterYield()
    {
        await Task.Yield();
        return ++_calls;
    }
}

[Alias("bench.IStoredCounterGrain")]
public interface IStoredCounterGrain : IGrainWithGuidKey
{
    [Alias("Get")]
    Task<int> Get();

    [Alias("IncrementAndSave")]
    Task<int> IncrementAndSave();
}

public sealed class StoredCounter
{
    public int Count { get; set; }
}

/// <summary>A counter in the PostgreSQL grain storage (state "counter", grain type <see cref="GrainTypeName"/>).</summary>
[GrainType(GrainTypeName)]
public sealed class StoredCounterGrain([UnitOfWorkState("counter")] IUnitOfWorkState<StoredCounter> state) : Grain, IStoredCounterGrain
{
    /// <summary>The grain type, as stored in <c>grain_state.grain_type</c>.</summary>
    public const string GrainTypeName = "bench-stored-counter";

    public Task<int> Get() => Task.FromResult(state.State.Count);

    public async Task<int> IncrementAndSave()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return state.State.Count;
    }
}
