using Dapper;
using Journal.Runtime;
using Journal.Tests.Infrastructure;
using Journal.Tests.Runtime.Grains;

namespace Journal.Tests.Persistence;

/// <summary>The PostgreSQL grain storage against the real server: round trips and ETag conflicts.</summary>
public sealed class PostgresStorageTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task State_survives_deactivation()
    {
        await using var silo = TestRuntime.Start(postgres: database.ConnectionString);
        var grain = silo.Grains.GetGrain<ICounterGrain>(Guid.NewGuid());
        await grain.IncrementAndSave();
        await grain.IncrementAndSave();
        var first = await grain.Info();

        await grain.Deactivate();
        var second = await grain.Info();

        Assert.NotEqual(first.ActivationId, second.ActivationId);
        Assert.Equal(2, second.CountSeenOnActivate);
        Assert.Equal("2", second.Etag);
    }

    [Fact]
    public async Task State_survives_a_brand_new_runtime_on_the_same_database()
    {
        var id = Guid.NewGuid();
        await using (var first = TestRuntime.Start(postgres: database.ConnectionString))
            for (var i = 0; i < 3; i++) await first.Grains.GetGrain<ICounterGrain>(id).IncrementAndSave();

        await using var second = TestRuntime.Start(postgres: database.ConnectionString);

        Assert.Equal(3, await second.Grains.GetGrain<ICounterGrain>(id).Get());
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleAsync<(int Count, long Version)>(
            "SELECT (payload->>'count')::int, version FROM grain_state WHERE grain_type = 'CounterGrain' AND grain_key = @Key AND state_name = 'counter'",
            new { Key = id.ToString("N") });
        Assert.Equal(4, row.Version); // three writes and the flush in OnDeactivateAsync at shutdown
        Assert.Equal(3, row.Count);
    }

    [Fact]
    public async Task Two_runtimes_writing_one_grain_conflict_and_the_loser_reloads()
    {
        var id = Guid.NewGuid();
        await using var a = TestRuntime.Start(postgres: database.ConnectionString);
        await using var b = TestRuntime.Start(postgres: database.ConnectionString);
        await a.Grains.GetGrain<ICounterGrain>(id).IncrementAndSave(); // version 1
        var stale = await b.Grains.GetGrain<ICounterGrain>(id).Info(); // b read version 1
        await a.Grains.GetGrain<ICounterGrain>(id).IncrementAndSave(); // version 2, count 2

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => b.Grains.GetGrain<ICounterGrain>(id).IncrementAndSave());

        Assert.Equal("2", conflict.StoredEtag);
        Assert.Equal("1", conflict.CurrentEtag);
        var reloaded = await b.Grains.GetGrain<ICounterGrain>(id).Info();
        Assert.NotEqual(stale.ActivationId, reloaded.ActivationId);
        Assert.Equal(2, reloaded.CountSeenOnActivate);
        Assert.Equal(3, await b.Grains.GetGrain<ICounterGrain>(id).IncrementAndSave());
    }

    [Fact]
    public async Task Two_runtimes_creating_the_same_state_conflict_instead_of_overwriting()
    {
        var id = Guid.NewGuid();
        await using var a = TestRuntime.Start(postgres: database.ConnectionString);
        await using var b = TestRuntime.Start(postgres: database.ConnectionString);
        await a.Grains.GetGrain<ICounterGrain>(id).Info();
        await b.Grains.GetGrain<ICounterGrain>(id).Info(); // both read "no record"

        await a.Grains.GetGrain<ICounterGrain>(id).IncrementAndSave();
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => b.Grains.GetGrain<ICounterGrain>(id).IncrementAndSave());

        Assert.Equal("1", conflict.StoredEtag);
        Assert.Null(conflict.CurrentEtag);
    }
}
