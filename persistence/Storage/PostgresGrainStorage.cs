using Dapper;
using Journal.Persistence.Streams;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;

namespace Journal.Persistence.Storage;

/// <summary>
/// Orleans grain storage in the <c>grain_state</c> table; its <c>version</c> column is the ETag (a
/// fencing token). A write is one statement — the version check and bump plus the unit of work's
/// outbox events (<see cref="StateWriteStatement"/>) — followed by the unit of work's row changes, and
/// committed together with other grains' writes (<see cref="StateWriteBatcher"/>). Clearing keeps the
/// row with a NULL payload, so versions only ever grow and a stale ETag never matches again. Grains
/// reach the unit of work through <see cref="IUnitOfWorkState{TState}"/>; plain <c>[PersistentState]</c>
/// works too.
/// </summary>
public sealed class PostgresGrainStorage(NpgsqlDataSource dataSource, IServiceProvider services) : IGrainStorage
{
    /// <summary>The name the silo registers it under (the default storage as well).</summary>
    public const string Name = "postgres";

    private readonly StateWriteBatcher _batcher = new(dataSource);

    private const string ReadSql =
        "SELECT payload::text AS Payload, version AS Version FROM grain_state WHERE grain_type = @Type AND grain_key = @Key AND state_name = @Name";

    // Each version statement returns one row when the expected version holds, none on a conflict.
    // Their parameters: $1 grain type, $2 key, $3 state name, $4 payload (JSON), $5 expected version.
    private const string InsertSql =
        """
        INSERT INTO grain_state (grain_type, grain_key, state_name, payload, version)
        VALUES ($1, $2, $3, $4::jsonb, 1)
        ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING
        RETURNING version
        """;

    private const string UpdateSql =
        """
        UPDATE grain_state SET payload = $4::jsonb, version = version + 1, updated_at = now()
        WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND version = $5
        RETURNING version
        """;

    // Clearing a state this activation never saw stored: it must still not exist.
    private const string StillAbsentSql =
        "SELECT 0::bigint AS version WHERE NOT EXISTS (SELECT 1 FROM grain_state WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3)";

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var record = await connection.QuerySingleOrDefaultAsync<StoredState>(
            new CommandDefinition(ReadSql, Key(stateName, grainId), cancellationToken: cancellationToken));
        grainState.State = record?.Payload is { } payload ? GrainStateJson.Deserialize<T>(payload) : GrainStateJson.NewState<T>();
        grainState.ETag = record?.Version.ToString();
        grainState.RecordExists = record?.Payload is not null;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, changes: null, CancellationToken.None);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        WriteStateAsync(stateName, grainId, grainState, changes: null, cancellationToken);

    /// <summary>Writes the state, and <paramref name="changes"/> with it in one transaction, if its stored version still equals the ETag.</summary>
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, UnitOfWork? changes, CancellationToken cancellationToken) =>
        StoreAsync(stateName, grainId, grainState, GrainStateJson.Serialize(grainState.State), changes, cancellationToken);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, changes: null, CancellationToken.None);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        ClearStateAsync(stateName, grainId, grainState, changes: null, cancellationToken);

    /// <summary>Clears the state (a tombstone), and commits <paramref name="changes"/> with it.</summary>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, UnitOfWork? changes, CancellationToken cancellationToken)
    {
        await StoreAsync(stateName, grainId, grainState, payload: null, changes, cancellationToken);
        grainState.State = GrainStateJson.NewState<T>();
    }

    // payload null = clear (a tombstone, or nothing at all if the state never existed).
    private async Task StoreAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, string? payload,
        UnitOfWork? changes, CancellationToken cancellationToken)
    {
        var expected = grainState.ETag;
        var type = grainId.Type.ToString();
        var key = grainId.Key.ToString();
        var statement = new StateWriteStatement($"{type}\0{key}\0{stateName}",
                expected is not null ? UpdateSql : payload is not null ? InsertSql : StillAbsentSql)
            .Parameter(type)
            .Parameter(key)
            .Parameter(stateName)
            .Parameter(payload)
            .Parameter(expected is null ? 0L : long.Parse(expected));
        if (changes is not null) AddOutboxes(statement, changes.Events);
        var version = await _batcher.WriteAsync(statement, changes, cancellationToken);
        if (version is null)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var stored = await connection.QuerySingleOrDefaultAsync<long?>(
                new CommandDefinition("SELECT version FROM grain_state WHERE grain_type = @Type AND grain_key = @Key AND state_name = @Name",
                    Key(stateName, grainId), cancellationToken: cancellationToken));
            throw new InconsistentStateException(
                $"State '{stateName}' of {grainId} was changed elsewhere: stored version {stored?.ToString() ?? "none"}, this activation expected {expected ?? "none"}. "
                + "The activation is deactivated; retry to work on the current state.", stored?.ToString(), expected);
        }
        statement.Committed();
        grainState.ETag = version == 0 ? null : version.ToString();
        grainState.RecordExists = payload is not null;
    }

    // Each provider's events become one INSERT in the statement, reading the version check's result.
    private void AddOutboxes(StateWriteStatement statement, IReadOnlyList<OutboxEvent> events)
    {
        foreach (var byProvider in events.GroupBy(e => e.Provider))
        {
            var log = services.GetKeyedService<OutboxLog>(byProvider.Key)
                ?? throw new ArgumentException($"Stream provider '{byProvider.Key}' is not an outbox stream provider: its events cannot be published in a unit of work.");
            log.AddTo(statement, byProvider.ToList());
        }
    }

    private static object Key(string stateName, GrainId grainId) => new { Type = grainId.Type.ToString(), Key = grainId.Key.ToString(), Name = stateName };

    private sealed record StoredState(string? Payload, long Version);
}
