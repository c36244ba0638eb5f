namespace Journal.Persistence.Storage;

/// <summary>The <see cref="IUnitOfWorkState{TState}"/> of one activation, bound to the PostgreSQL grain storage.</summary>
internal sealed class UnitOfWorkState<TState> : IUnitOfWorkState<TState>, IGrainState<TState>, ILifecycleObserver
{
    private readonly string _name;
    private readonly IGrainContext _context;
    private readonly PostgresGrainStorage _storage;
    private Exception? _failedWrite;

    public UnitOfWorkState(string name, IGrainContext context, PostgresGrainStorage storage)
    {
        _name = name;
        _context = context;
        _storage = storage;
        State = GrainStateJson.NewState<TState>();
        // Read before OnActivateAsync, as Orleans' own persistent state is.
        context.ObservableLifecycle.Subscribe($"{nameof(UnitOfWorkState<TState>)}:{name}", GrainLifecycleStage.SetupState, this);
    }

    public TState State { get; set; }

    public string? Etag { get; set; }

    TState? IGrainState<TState>.State
    {
        get => State;
        set => State = value!;
    }

    string? IGrainState<TState>.ETag
    {
        get => Etag;
        set => Etag = value;
    }

    public bool RecordExists { get; set; }

    // After a fresh read memory matches storage again, so writing is allowed again (Orleans' usual
    // retry: catch InconsistentStateException, ReadStateAsync, write).
    public async Task ReadStateAsync()
    {
        await _storage.ReadStateAsync(_name, _context.GrainId, this, CancellationToken.None);
        _failedWrite = null;
    }

    public Task WriteStateAsync() => DeactivateOnFailure(() => _storage.WriteStateAsync(_name, _context.GrainId, this, null, CancellationToken.None));

    public Task WriteStateAsync(UnitOfWork changes) => DeactivateOnFailure(() => _storage.WriteStateAsync(_name, _context.GrainId, this, changes, CancellationToken.None));

    public Task ClearStateAsync() => DeactivateOnFailure(() => _storage.ClearStateAsync(_name, _context.GrainId, this, null, CancellationToken.None));

    public Task ClearStateAsync(UnitOfWork changes) => DeactivateOnFailure(() => _storage.ClearStateAsync(_name, _context.GrainId, this, changes, CancellationToken.None));

    Task ILifecycleObserver.OnStart(CancellationToken cancellationToken) => cancellationToken.IsCancellationRequested ? Task.CompletedTask : ReadStateAsync();

    Task ILifecycleObserver.OnStop(CancellationToken cancellationToken) => Task.CompletedTask;

    // A failed write leaves State changed in memory but not in storage. Drop this activation so the
    // next call reads what was committed, and refuse its later writes until it reads again (an
    // interleaved turn, a retry in grain code, a flush in OnDeactivateAsync would otherwise store
    // that memory while the version still matches: half of a change that failed).
    private async Task DeactivateOnFailure(Func<Task> write)
    {
        if (_failedWrite is not null)
            throw new InvalidOperationException(
                $"State '{_name}' of {_context.GrainId} cannot be written: an earlier write failed and this activation is being deactivated.", _failedWrite);
        try
        {
            await write();
        }
        catch (Exception e)
        {
            _failedWrite = e;
            _context.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError,
                $"Writing state '{_name}' failed ({e.GetType().Name}); memory may be ahead of storage"));
            throw;
        }
    }
}
