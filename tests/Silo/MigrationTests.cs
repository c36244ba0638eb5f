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

    private static async Task AssertAppliedOnce(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var versions = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
        Assert.Equal(PostgresDatabase.Migrations(dataSource).Migrations.Select(m => m.Version), versions);
        Assert.True(await connection.ExecuteScalarAsync<bool>("SELECT to_regclass('grain_state') IS NOT NULL"));
    }
}
