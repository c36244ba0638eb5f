using Journal.Runtime;

namespace Journal.Bench.Grains;

public interface IPingGrain : IGrainWithGuidKey
{
    Task<int> Ping();

    /// <summary>Yields once, so its continuation goes through the activation's scheduler and the thread pool.</summary>
    Task<int> PingAfterYield();
}

/// <summary>The smallest useful grain: a counter in memory.</summary>
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

public interface IStoredCounterGrain : IGrainWithGuidKey
{
    Task<int> Get();
    Task<int> IncrementAndSave();
}

public sealed class StoredCounter
{
    public int Count { get; set; }
}

public sealed class StoredCounterGrain([PersistentState("counter")] IPersistentState<StoredCounter> state) : Grain, IStoredCounterGrain
{
    public Task<int> Get() => Task.FromResult(state.State.Count);

    public async Task<int> IncrementAndSave()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return state.State.Count;
    }
}
