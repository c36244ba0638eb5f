namespace Journal.Runtime;

/// <summary>The <see cref="IPersistentState{TState}"/> injected into grains.</summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IGrainState<TState>, IActivationState
{
    private readonly string _name;
    private readonly IGrainStorage _storage;
    private readonly Activation _activation;
    private Exception? _failedWrite;

    public PersistentState(string name, IGrainStorage storage, Activation activation)
    {
        _name = name;
        _storage = storage;
        _activation = activation;
        State = GrainStateJson.NewState<TState>();
        activation.AddState(this);
    }

    public TState State { get; set; }

    public string? Etag { get; set; }

    string? IGrainState<TState>.ETag
    {
        get => Etag;
        set => Etag = value;
    }

    public bool RecordExists { get; set; }

    // After a fresh read memory matches storage again, so writing is allowed again (Orleans' usual
    // retry: catch InconsistentStateException, ReadStateAsync, write).
    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        await _storage.ReadStateAsync(_name, _activation.GrainId, this, cancellationToken);
        _failedWrite = null;
    }

    public Task WriteStateAsync(CancellationToken cancellationToken = default) =>
        DeactivateOnFailure(() => _storage.WriteStateAsync(_name, _activation.GrainId, this, null, cancellationToken));

    public Task WriteStateAsync(UnitOfWork changes, CancellationToken cancellationToken = default) =>
        DeactivateOnFailure(() => _storage.WriteStateAsync(_name, _activation.GrainId, this, changes, cancellationToken));

    public Task ClearStateAsync(CancellationToken cancellationToken = default) =>
        DeactivateOnFailure(() => _storage.ClearStateAsync(_name, _activation.GrainId, this, null, cancellationToken));

    public Task ClearStateAsync(UnitOfWork changes, CancellationToken cancellationToken = default) =>
        DeactivateOnFailure(() => _storage.ClearStateAsync(_name, _activation.GrainId, this, changes, cancellationToken));

    // A failed write leaves State changed in memory but not in storage. Drop this activation so the
    // next call reads what was committed, and refuse its later writes until it reads again (an
    // interleaved turn, a retry in grain code, a flush on deactivation would store that memory
    // while the version still matches: half of a change that failed).
    private async Task DeactivateOnFailure(Func<Task> write)
    {
        if (_failedWrite is not null)
            throw new InvalidOperationException(
                $"State '{_name}' of {_activation.GrainId} cannot be written: an earlier write failed and this activation is being deactivated.", _failedWrite);
        try
        {
            await write();
        }
        catch (Exception e)
        {
            _failedWrite = e;
            _activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationError,
                $"Writing state '{_name}' failed ({e.GetType().Name}); memory may be ahead of storage"));
            throw;
        }
    }
}
