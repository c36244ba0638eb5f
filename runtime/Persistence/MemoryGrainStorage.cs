namespace Journal.Runtime;

/// <summary>
/// Grain state in this process, serialized as JSON, with the same versioning as the PostgreSQL
/// provider (a cleared state keeps its version as a tombstone). For tests.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly Dictionary<(string State, GrainId Grain), (string? Json, long Version)> _records = [];

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        lock (_records)
        {
            var found = _records.TryGetValue((stateName, grainId), out var record);
            grainState.State = record.Json is { } json ? GrainStateJson.Deserialize<TState>(json) : GrainStateJson.NewState<TState>();
            grainState.ETag = found ? record.Version.ToString() : null;
            grainState.RecordExists = record.Json is not null;
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, UnitOfWork? changes, CancellationToken cancellationToken)
    {
        Store(stateName, grainId, grainState, GrainStateJson.Serialize(grainState.State), changes);
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, UnitOfWork? changes, CancellationToken cancellationToken)
    {
        Store(stateName, grainId, grainState, json: null, changes);
        grainState.State = GrainStateJson.NewState<TState>();
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

    private void Store<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, string? json, UnitOfWork? changes)
    {
        if (changes is { NeedsPostgres: true })
            throw new NotSupportedException("The memory grain storage cannot run SQL row changes or PostgreSQL stream events; use the PostgreSQL grain storage.");
        lock (_records)
        {
            var found = _records.TryGetValue((stateName, grainId), out var record);
            var stored = found ? record.Version.ToString() : null;
            if (stored != grainState.ETag) throw StateConflict.Create(stateName, grainId, stored, grainState.ETag);
            if (found || json is not null) // clearing what never existed stores nothing
            {
                _records[(stateName, grainId)] = (json, record.Version + 1);
                grainState.ETag = (record.Version + 1).ToString();
                grainState.RecordExists = json is not null;
            }
        }
        changes?.Committed();
    }
}
