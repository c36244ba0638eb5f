using Journal.Persistence.Storage;
using Orleans;
using Orleans.Runtime;

namespace Journal.Tests.Providers.Grains;

/// <summary>What an activation of <see cref="CounterGrain"/> knows: who it is, what it read on activation, its ETag.</summary>
[GenerateSerializer, Immutable, Alias("test.CounterInfo")]
public sealed record CounterInfo([property: Id(0)] string ActivationId, [property: Id(1)] int CountSeenOnActivate, [property: Id(2)] string? Etag);

[Alias("test.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds one and writes the state; returns the new count.</summary>
    [Alias("IncrementAndSave")] Task<int> IncrementAndSave();

    [Alias("Get")] Task<int> Get();

    [Alias("Info")] Task<CounterInfo> Info();

    [Alias("Deactivate")] Task Deactivate();
}

public sealed class CounterState
{
    public int Count { get; set; }
}

/// <summary>A counter in Orleans' own <c>[PersistentState]</c> bound to the project's PostgreSQL storage (no unit of work).</summary>
[GrainType("test-counter")]
public sealed class CounterGrain([PersistentState("counter", PostgresGrainStorage.Name)] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    private int _countSeenOnActivate;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _countSeenOnActivate = state.State.Count;
        return Task.CompletedTask;
    }

    public async Task<int> IncrementAndSave()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public Task<int> Get() => Task.FromResult(state.State.Count);

    public Task<CounterInfo> Info() => Task.FromResult(new CounterInfo(this.GetGrainId() + "@" + GrainContext.ActivationId, _countSeenOnActivate, state.Etag));

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
