using Journal.Runtime;

namespace Journal.Tests.Runtime.Grains;

public interface ICounterGrain : IGrainWithGuidKey
{
    Task<int> Increment();
    Task<int> IncrementAndSave();
    [ReadOnly] Task<int> Get();
    [ReadOnly] Task<ActivationInfo> Info();
    Task Deactivate();
    Task Fail(string message);
}

/// <summary>Which activation answered, and the stored count it read before <c>OnActivateAsync</c>.</summary>
public sealed record ActivationInfo(Guid ActivationId, int CountSeenOnActivate, string? Etag);

public sealed class CounterState
{
    public int Count { get; set; }
}

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state, GrainEvents events) : ReportingGrain(events), ICounterGrain
{
    private readonly Guid _activationId = Guid.NewGuid();
    private int _countSeenOnActivate = -1;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _countSeenOnActivate = state.State.Count;
        return base.OnActivateAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await base.OnDeactivateAsync(reason, cancellationToken);
        // Flush on the way out, as a grain that holds unsaved work would.
        if (reason.ReasonCode == DeactivationReasonCode.ShuttingDown && state.RecordExists) await state.WriteStateAsync(cancellationToken);
    }

    public Task<int> Increment() => Task.FromResult(++state.State.Count);

    public async Task<int> IncrementAndSave()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public Task<int> Get() => Task.FromResult(state.State.Count);

    public Task<ActivationInfo> Info() => Task.FromResult(new ActivationInfo(_activationId, _countSeenOnActivate, state.Etag));

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task Fail(string message) => throw new InvalidOperationException(message);
}
