using Dapper;
using Journal.Tests.Infrastructure;
using Journal.Tests.Providers.Grains;
using Orleans;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Journal.Tests.Providers;

/// <summary>
/// The PostgreSQL grain storage under Orleans' own <c>[PersistentState]</c> on real silos: state
/// survives deactivation and a new cluster, and its version (the ETag) fences writers that read an
/// older state. A second cluster on the same database plays a stale activation (as after a split).
/// </summary>
public sealed class PostgresStorageTests(PostgresStorageTests.Fixture fixture) : IClassFixture<PostgresStorageTests.Fixture>
{
    /// <summary>The shared 2-silo cluster, and a 1-silo cluster of its own on the same database.</summary>
    public sealed class Fixture : ClusterFixture
    {
        public InProcessTestCluster Other { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Other = await StartClusterAsync(Database, silos: 1);
        }

        public override async Task DisposeAsync()
        {
            if (Other is not null) await Other.DisposeAsync();
            await base.DisposeAsync();
        }
    }

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private ICounterGrain Counter(string key, InProcessTestCluster? cluster = null) => (cluster ?? fixture.Cluster).Client.GetGrain<ICounterGrain>(key);

    [Fact]
    public async Task State_survives_deactivation()
    {
        var key = NewKey();
        await Counter(key).IncrementAndSave();
        await Counter(key).IncrementAndSave();
        var first = await Counter(key).Info();

        await Counter(key).Deactivate();
        await Eventually.True(async () => (await Counter(key).Info()).ActivationId != first.ActivationId, "a new activation serves the grain");
        var second = await Counter(key).Info();

        Assert.Equal(2, second.CountSeenOnActivate);
        Assert.Equal("2", second.Etag);
    }

    [Fact]
    public async Task State_survives_a_brand_new_cluster_on_the_same_database()
    {
        var key = NewKey();
        await using (var writer = await ClusterFixture.StartClusterAsync(fixture.Database, silos: 1))
            for (var i = 0; i < 3; i++) await Counter(key, writer).IncrementAndSave();

        // Another cluster, which never saw the grain: it can only know the state from the database.
        var info = await Counter(key, fixture.Other).Info();

        Assert.Equal(3, info.CountSeenOnActivate);
        Assert.Equal("3", info.Etag);
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleAsync<(int Count, long Version)>(
            "SELECT (payload->>'count')::int, version FROM grain_state WHERE grain_type = 'test-counter' AND grain_key = @key AND state_name = 'counter'",
            new { key });
        Assert.Equal((3, 3L), row);
    }

    [Fact]
    public async Task Two_clusters_writing_one_grain_conflict_and_the_loser_reloads()
    {
        var key = NewKey();
        await Counter(key).IncrementAndSave(); // version 1
        var stale = await Counter(key, fixture.Other).Info(); // the other cluster's activation read version 1
        await Counter(key).IncrementAndSave(); // version 2, count 2

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => Counter(key, fixture.Other).IncrementAndSave());

        Assert.Equal("2", conflict.StoredEtag);
        Assert.Equal("1", conflict.CurrentEtag);
        // Orleans deactivates the activation that threw it; its successor reads version 2.
        await Eventually.True(async () => (await Counter(key, fixture.Other).Info()).ActivationId != stale.ActivationId, "the loser's activation is replaced");
        var reloaded = await Counter(key, fixture.Other).Info();
        Assert.Equal(2, reloaded.CountSeenOnActivate);
        Assert.Equal("2", reloaded.Etag);
        Assert.Equal(3, await Counter(key, fixture.Other).IncrementAndSave());
        await Assert.ThrowsAsync<InconsistentStateException>(() => Counter(key).IncrementAndSave()); // now the first one is stale
    }

    [Fact]
    public async Task Two_clusters_creating_the_same_state_conflict_instead_of_overwriting()
    {
        var key = NewKey();
        await Counter(key).Info();
        await Counter(key, fixture.Other).Info(); // both read "no record"

        Assert.Equal(1, await Counter(key).IncrementAndSave());
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => Counter(key, fixture.Other).IncrementAndSave());

        Assert.Equal("1", conflict.StoredEtag);
        Assert.Null(conflict.CurrentEtag);
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>(
            "SELECT (payload->>'count')::int FROM grain_state WHERE grain_type = 'test-counter' AND grain_key = @key", new { key }));
    }
}
