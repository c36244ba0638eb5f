using Dapper;
using Npgsql;

namespace Journal.Runtime;

/// <summary>
/// Grain state in the <c>grain_state</c> table; its <c>version</c> column is the ETag. A write runs the
/// version check and bump and the grain's <see cref="UnitOfWork"/> in one transaction. Clearing keeps
/// the row with a NULL payload, so versions only ever grow and a stale ETag never matches again.
/// </summary>
public sealed class PostgresGrainStorage(NpgsqlDataSource dataSource) : IGrainStorage
{
    private const string ReadSql =
        "SELECT payload::text AS Payload, version AS Version FROM grain_state WHERE grain_type = @Type AND grain_key = @Key AND state_name = @Name";

    // Each version statement returns one row when the expected version holds, none on a conflict.
    private const string InsertSql =
        """
        INSERT INTO grain_state (grain_type, grain_key, state_name, payload, version)
        VALUES (@Type, @Key, @Name, @Payload::jsonb, 1)
        ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING
        RETURNING version
        """;

    private const string UpdateSql =
        """
        UPDATE grain_state SET payload = @Payload::jsonb, version = version + 1, updated_at = now()
        WHERE grain_type = @Type AND grain_key = @Key AND state_name = @Name AND version = @Version
        RETURNING version
        """;

    // Clearing a state this activation never saw stored: it must still not exist.
    private const string StillAbsentSql =
        "SELECT 0::bigint WHERE NOT EXISTS (SELECT 1 FROM grain_state WHERE grain_type = @Type AND grain_key = @Key AND state_name = @Name)";

    public async Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var record = await connection.QuerySingleOrDefaultAsync<StoredState>(
            new CommandDefinition(ReadSql, Key(stateName, grainId), cancellationToken: cancellationToken));
        grainState.State = record?.Payload is { } payload ? GrainStateJson.Deserialize<TState>(payload) : GrainStateJson.NewState<TState>();
        grainState.ETag = record?.Version.ToString();
        grainState.RecordExists = record?.Payload is not null;
    }

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, UnitOfWork? changes, CancellationToken cancellationToken) =>
        Store(stateName, grainId, grainState, GrainStateJson.Serialize(grainState.State), changes, cancellationToken);

    public async Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, UnitOfWork? changes, CancellationToken cancellationToken)
    {
        await Store(stateName, grainId, grainState, payload: null, changes, cancellationToken);
        grainState.State = GrainStateJson.NewState<TState>();
    }

    // payload null = clear (a tombstone, or nothing at all if the state never existed).
    private async Task Store<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, string? payload,
        UnitOfWork? changes, CancellationToken cancellationToken)
    {
        var expected = grainState.ETag;
        var versionSql = expected is not null ? UpdateSql : payload is not null ? InsertSql : StillAbsentSql;
        var parameters = new { grainId.Type, grainId.Key, Name = stateName, Payload = payload, Version = expected is null ? 0 : long.Parse(expected) };

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Without row changes the version statement alone is the write: one round trip, committed by itself.
        var transaction = changes is { HasSqlSteps: true } ? await connection.BeginTransactionAsync(cancellationToken) : null;
        await using (transaction)
        {
            // The version statement goes first: it takes the row lock, so a conflicting writer fails
            // before any row change is attempted. Any failure rolls back everything.
            var version = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(versionSql, parameters, transaction, cancellationToken: cancellationToken));
            if (version is null)
            {
                if (transaction is not null) await transaction.RollbackAsync(cancellationToken);
                var stored = await connection.QuerySingleOrDefaultAsync<long?>(
                    new CommandDefinition("SELECT version FROM grain_state WHERE grain_type = @Type AND grain_key = @Key AND state_name = @Name",
                        Key(stateName, grainId), cancellationToken: cancellationToken));
                throw StateConflict.Create(stateName, grainId, stored?.ToString(), expected);
            }
            if (transaction is not null)
            {
                await changes!.ApplyAsync(connection, transaction, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            changes?.Committed();
            grainState.ETag = version == 0 ? null : version.ToString();
            grainState.RecordExists = payload is not null;
        }
    }

    private static object Key(string stateName, GrainId grainId) => new { grainId.Type, grainId.Key, Name = stateName };

    private sealed record StoredState(string? Payload, long Version);
}
