using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Journal.Silo.Migrations;

/// <summary>
/// Applies the embedded SQL migrations and the code steps at start-up, each in its own transaction, recorded in
/// <c>schema_migrations</c>. A session advisory lock makes nodes that start together take turns, so
/// each migration runs exactly once; it is held on a connection outside the pool, so closing the
/// connection releases it however the run ends.
/// </summary>
public sealed class MigrationRunner(NpgsqlDataSource dataSource, IEnumerable<ICodeMigration> code, ILogger<MigrationRunner> logger)
{
    private readonly IReadOnlyList<Migration> _migrations = Migration.All(code);

    /// <summary>Every step it knows, in version order.</summary>
    public IReadOnlyList<Migration> Migrations => _migrations;

    // Any fixed bigint works; it only has to be the same on every node ("JOURNAL" in ASCII).
    private const long AdvisoryLockKey = 0x4A4F55524E414C;

    private const string CreateTableSql =
        """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    integer     PRIMARY KEY,
            name       text        NOT NULL,
            checksum   text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    /// <summary>Applies what is missing; fails when an applied migration's file has changed since.</summary>
    public Task MigrateAsync(CancellationToken cancellationToken = default) => MigrateAsync(int.MaxValue, cancellationToken);

    /// <summary>Applies what is missing up to version <paramref name="upTo"/> (a database as an older release left it, for upgrade tests).</summary>
    public async Task MigrateAsync(int upTo, CancellationToken cancellationToken = default)
    {
        await using var connection = await PostgresConnection.OpenDedicatedAsync(dataSource, cancellationToken);
        // Released when the connection closes, however this ends.
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@AdvisoryLockKey)", new { AdvisoryLockKey }, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(CreateTableSql, cancellationToken: cancellationToken));
        var applied = await AppliedAsync(connection, cancellationToken);
        foreach (var migration in _migrations.Where(m => m.Version <= upTo))
        {
            if (applied.TryGetValue(migration.Version, out var checksum))
            {
                if (checksum != migration.Checksum)
                    throw new InvalidOperationException(
                        $"Migration {migration.Version:D4}_{migration.Name}.sql changed after it was applied; add a new migration instead of editing an applied one.");
                continue;
            }
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await migration.ApplyAsync(connection, transaction, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (@Version, @Name, @Checksum)",
                new { migration.Version, migration.Name, migration.Checksum }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Applied migration {Version:D4}_{Name}", migration.Version, migration.Name);
        }
    }

    /// <summary>How many embedded migrations the database does not have yet (readiness).</summary>
    public async Task<int> CountPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await PostgresConnection.OpenAsync(dataSource, cancellationToken);
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT to_regclass('schema_migrations') IS NOT NULL", cancellationToken: cancellationToken));
        if (!exists) return _migrations.Count;
        var applied = await AppliedAsync(connection, cancellationToken);
        return _migrations.Count(m => !applied.ContainsKey(m.Version));
    }

    private static async Task<Dictionary<int, string>> AppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(int Version, string Checksum)>(
            new CommandDefinition("SELECT version, checksum FROM schema_migrations", cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Version, r => r.Checksum);
    }
}
