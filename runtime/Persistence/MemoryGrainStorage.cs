namespace Journal.Runtime;

/// <summary>Grain state in this process, serialized as JSON like the PostgreSQL provider (tests).</summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly Dictionary<(string State, GrainId Grain), (string Json, long Version)> _records = [];

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        lock (_records)
        {
            if (_records.TryGetValue((stateName, grainId), out var record))
            {
                grainState.State = GrainStateJson.Deserialize<TState>(record.Json);
                grainState.ETag = record.Version.ToString();
                grainState.RecordExists = true;
            }
            else
            {
                grainState.State = GrainStateJson.NewState<TState>();
                grainState.ETag = null;
                grainState.RecordExists = false;
            }
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, UnitOfWork? changes, CancellationToken cancellationToken)
    {
        RejectRowChanges(changes);
        var json = GrainStateJson.Serialize(grainState.State);
        lock (_records)
        {
            var version = CheckVersion(stateName, grainId, grainState.ETag) + 1;
            _records[(stateName, grainId)] = (json, version);
            grainState.ETag = version.ToString();
            grainState.RecordExists = true;
        }
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, UnitOfWork? changes, CancellationToken cancellationToken)
    {
        RejectRowChanges(changes);
        lock (_records)
        {
            CheckVersion(stateName, grainId, grainState.ETag);
            _records.Remove((stateName, grainId));
            grainState.State = GrainStateJson.NewState<TState>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        return Task.CompletedTask;
    }

    /// <summary>Bumps the stored version as if another runtime had written (tests of ETag conflicts).</summary>
    public void SimulateConcurrentWrite(string stateName, GrainId grainId)
    {
        lock (_records)
        {
            var record = _records[(stateName, grainId)];
            _records[(stateName, grainId)] = (record.Json, record.Version + 1);
        }
    }

    // Under the lock: the stored version, when it is the expected one.
    private long CheckVersion(string stateName, GrainId grainId, string? etag)
    {
        var stored = _records.TryGetValue((stateName, grainId), out var record) ? record.Version.ToString() : null;
        if (stored != etag) throw StateConflict.Create(stateName, grainId, stored, etag);
        return stored is null ? 0 : record.Version;
    }

    private static void RejectRowChanges(UnitOfWork? changes)
    {
        if (changes is { IsEmpty: false })
            throw new NotSupportedException("The memory grain storage cannot run SQL row changes; use the PostgreSQL grain storage.");
    }
}
