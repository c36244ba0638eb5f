using Dapper;
using Npgsql;

namespace Journal.Runtime;

/// <summary>
/// Grain state in the <c>grain_state</c> table; its <c>version</c> column is the ETag. A write runs the
/// version check and bump and the grain's <see cref="UnitOfWork"/> in one transaction.
/// </summary>
public sealed class PostgresGrainStorage(NpgsqlDataSource dataSource) : IGrainStorage
{
    private const string ReadSql =
        "SELECT payload::text AS Payload, version AS Version FROM grain_state WHERE grain_type = @Type AND grain_key = @Key AND state_name = @Name";

    private const string InsertSql =
        """
        INSERT INTO grain_state (grain_type, grain_key, state_name, payload, version)
        VALUES (@Type, @Key, @Name, @Payload::jsonb, 1)
        ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING
        RETURNING 1
        """;

    private const string UpdateSql =
        """
        UPDATE grain_state SET payload = @Payload::jsonb, version = version + 1, updated_at = now()
        WHERE grain_type = @Type AND grain_key = @Key AND state_name = @Name AND version = @Version
        RETURNING 1
        """;

    private const string DeleteSql =
        "DELETE FROM grain_state WHERE grain_type = @Type AND grain_key = @Key AND state_name = @Name AND version = @Version RETURNING 1";

    // Clearing a state this activation never saw stored: it must still not exist ("1 row" = fine).
    private const string StillAbsentSql =
        "SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM grain_state WHERE grain_type = @Type AND grain_key = @Key AND state_name = @Name)";

    public async Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var record = await connection.QuerySingleOrDefaultAsync<StoredState>(
            new CommandDefinition(ReadSql, Key(stateName, grainId), cancellationToken: cancellationToken));
        grainState.State = record is null ? GrainStateJson.NewState<TState>() : GrainStateJson.Deserialize<TState>(record.Payload);
        grainState.ETag = record?.Version.ToString();
        grainState.RecordExists = record is not null;
    }

    public async Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, UnitOfWork? changes, CancellationToken cancellationToken)
    {
        var expected = grainState.ETag is null ? (long?)null : long.Parse(grainState.ETag);
        var parameters = new
        {
            Type = grainId.Type,
            Key = grainId.Key,
            Name = stateName,
            Payload = GrainStateJson.Serialize(grainState.State),
            Version = expected ?? 0,
        };
        await InTransaction(stateName, grainId, grainState.ETag, expected is null ? InsertSql : UpdateSql, parameters, changes, cancellationToken);
        grainState.ETag = ((expected ?? 0) + 1).ToString();
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, UnitOfWork? changes, CancellationToken cancellationToken)
    {
        var version = grainState.ETag is null ? 0 : long.Parse(grainState.ETag);
        await InTransaction(stateName, grainId, grainState.ETag, grainState.ETag is null ? StillAbsentSql : DeleteSql,
            new { grainId.Type, grainId.Key, Name = stateName, Version = version }, changes, cancellationToken);
        grainState.State = GrainStateJson.NewState<TState>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    // The version statement goes first: it takes the row lock, so a conflicting writer fails before
    // any row change is attempted. Any failure rolls back everything.
    private async Task InTransaction(string stateName, GrainId grainId, string? expectedEtag, string versionSql, object parameters,
        UnitOfWork? changes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Every version statement returns one row when the expected version holds, none on a conflict.
        var held = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(versionSql, parameters, transaction, cancellationToken: cancellationToken));
        if (held is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            var stored = await connection.QuerySingleOrDefaultAsync<long?>(
                new CommandDefinition("SELECT version FROM grain_state WHERE grain_type = @Type AND grain_key = @Key AND state_name = @Name",
                    Key(stateName, grainId), cancellationToken: cancellationToken));
            throw StateConflict.Create(stateName, grainId, stored?.ToString(), expectedEtag);
        }
        if (changes is not null) await changes.ApplyAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static object Key(string stateName, GrainId grainId) => new { grainId.Type, grainId.Key, Name = stateName };

    private sealed record StoredState(string Payload, long Version);
}
