using Dapper;
using Journal.Silo.Migrations;
using Journal.Tests.Infrastructure;
using Npgsql;

namespace Journal.Tests.Silo;

/// <summary>Migrations are idempotent and safe when two nodes start at once.</summary>
public sealed class MigrationTests : IAsyncLifetime
{
    private string _database = "";

    public async Task InitializeAsync() => _database = await PostgresDatabase.CreateEmptyDatabaseAsync();

    public Task DisposeAsync() => PostgresDatabase.DropDatabaseAsync(_database);

    [Fact]
    public async Task Applying_twice_applies_each_migration_once()
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgresDatabase.ConnectionStringFor(_database));
        var runner = PostgresDatabase.Migrations(dataSource);
        Assert.Equal(runner.Migrations.Count, await runner.CountPendingAsync());

        await runner.MigrateAsync();
        await runner.MigrateAsync();

        Assert.Equal(0, await runner.CountPendingAsync());
        await AssertAppliedOnce(dataSource);
    }

    [Fact]
    public async Task Two_hosts_migrating_at_once_apply_each_migration_once()
    {
        var dataSources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(PostgresDatabase.ConnectionStringFor(_database))).ToList();

        await Task.WhenAll(dataSources.Select(d => Task.Run(() => PostgresDatabase.Migrations(d).MigrateAsync())));

        await AssertAppliedOnce(dataSources[0]);
        foreach (var dataSource in dataSources) await dataSource.DisposeAsync();
    }

    [Fact]
    public async Task An_applied_migration_that_was_edited_stops_the_start()
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgresDatabase.ConnectionStringFor(_database));
        var runner = PostgresDatabase.Migrations(dataSource);
        await runner.MigrateAsync();
        await using (var connection = await dataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.MigrateAsync());

        Assert.Contains("0001_grain_state.sql changed after it was applied", error.Message);
    }

    [Fact]
    public async Task Refresh_tokens_a_retry_replaced_before_migration_15_become_superseded()
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgresDatabase.ConnectionStringFor(_database));
        var runner = PostgresDatabase.Migrations(dataSource);
        await runner.MigrateAsync(upTo: 14);
        var (firstUse, retry) = (new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 8, 0, 5, TimeSpan.Zero));
        await using (var connection = await dataSource.OpenConnectionAsync())
            await connection.ExecuteAsync(
                """
                INSERT INTO users (id, username, password_hash, pseudonym, time_zone, created_at, updated_at)
                VALUES ('00000000-0000-0000-0000-000000000001', 'before_15', 'hash', 'QuietOwl1', 'UTC', @firstUse, @firstUse);
                INSERT INTO user_sessions (id, user_id, created_at, last_used_at, expires_at)
                VALUES ('00000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-000000000001', @firstUse, @retry, @retry + interval '30 days');
                -- As the account grain wrote a graced retry then: the parent used, its first answer marked
                -- used at the parent's first use (which is also when it was issued), the retry's answer live.
                INSERT INTO refresh_tokens (token_hash, session_id, issued_at, used_at) VALUES
                    ('\x00', '00000000-0000-0000-0000-000000000002', @firstUse - interval '1 day', @firstUse),
                    ('\x01', '00000000-0000-0000-0000-000000000002', @firstUse, @firstUse),
                    ('\x02', '00000000-0000-0000-0000-000000000002', @retry, NULL);
                """, new { firstUse, retry });

        await runner.MigrateAsync();

        await using var check = await dataSource.OpenConnectionAsync();
        var tokens = (await check.QueryAsync<(byte[] Hash, DateTime? UsedAt, DateTime? SupersededAt)>(
            "SELECT token_hash, used_at, superseded_at FROM refresh_tokens ORDER BY token_hash")).ToList();
        Assert.Equal([(firstUse.UtcDateTime, null), (null, firstUse.UtcDateTime), (null, null)], tokens.Select(t => (t.UsedAt, t.SupersededAt)));
    }

    [Fact]
    public async Task Plain_request_hashes_stored_before_migration_22_are_dropped_and_their_keys_kept()
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgresDatabase.ConnectionStringFor(_database));
        var runner = PostgresDatabase.Migrations(dataSource);
        await runner.MigrateAsync(upTo: 21);
        await using (var connection = await dataSource.OpenConnectionAsync())
            await connection.ExecuteAsync(
                """
                INSERT INTO users (id, username, password_hash, pseudonym, time_zone, created_at, updated_at)
                VALUES ('00000000-0000-0000-0000-000000000001', 'before_22', 'hash', 'QuietOwl1', 'UTC', now(), now());
                INSERT INTO journal_entries (id, user_id, entry_date, activity_date, sealed_text, word_count, reading_time_seconds,
                                             idempotency_key, request_hash, created_at, updated_at)
                VALUES ('00000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-000000000001', current_date, current_date, '\x00', 1, 1,
                        'entry-key', sha256('{"content":"the text"}'), now(), now());
                INSERT INTO checkins (id, user_id, anxiety_level, at, activity_date, idempotency_key, request_hash, created_at)
                VALUES ('00000000-0000-0000-0000-000000000003', '00000000-0000-0000-0000-000000000001', 4, now(), current_date,
                        'checkin-key', sha256('{"notes":"the text"}'), now());
                """);

        await runner.MigrateAsync();

        await using var check = await dataSource.OpenConnectionAsync();
        var rows = (await check.QueryAsync<(string Key, byte[]? Hash)>(
            "SELECT idempotency_key, request_hash FROM journal_entries UNION ALL SELECT idempotency_key, request_hash FROM checkins ORDER BY 1")).ToList();
        Assert.Equal([("checkin-key", null), ("entry-key", null)], rows);
    }

    private static async Task AssertAppliedOnce(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var versions = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
        Assert.Equal(PostgresDatabase.Migrations(dataSource).Migrations.Select(m => m.Version), versions);
        Assert.True(await connection.ExecuteScalarAsync<bool>("SELECT to_regclass('grain_state') IS NOT NULL"));
    }
}
