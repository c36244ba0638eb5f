using Journal.Tests.Infrastructure;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Journal.Tests.Providers;

/// <summary>
/// A test class's own database and one cluster of silos on it, shared by the class's tests (a cluster
/// takes seconds to start). Subclasses configure the cluster.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    public PostgresDatabase Database { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    protected virtual Task<InProcessTestCluster> StartAsync(PostgresDatabase database) => StartClusterAsync(database);

    /// <summary>
    /// A cluster for tests that publish no stream events: one stream partition, so each cluster runs
    /// one outbox pulling agent (one polling connection) instead of four.
    /// </summary>
    public static Task<InProcessTestCluster> StartClusterAsync(PostgresDatabase database, int silos = 2, Action<ISiloBuilder>? configure = null,
        string? serviceId = null) =>
        TestSilos.StartAsync(database, silos, configure, streams: o => o.Partitions = 1, serviceId: serviceId);

    public virtual async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Cluster = await StartAsync(Database);
    }

    public virtual async Task DisposeAsync()
    {
        if (Cluster is not null) await Cluster.DisposeAsync();
        await Database.DisposeAsync();
    }
}
