using Journal.Persistence.Streams;
using Journal.Tests.Infrastructure;
using Journal.Tests.Providers.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.TestingHost;

namespace Journal.Tests.Providers;

/// <summary>What the stream tests do with a test cluster: publish, wait for the recorders, reach the provider's services.</summary>
internal static class StreamTesting
{
    public static List<int> Numbers(int count) => Enumerable.Range(1, count).ToList();

    public static List<int> Numbers(int from, int count) => Enumerable.Range(from, count).ToList();

    /// <summary>Waits until the recorder of <paramref name="producer"/> has applied at least <paramref name="count"/> events.</summary>
    public static Task WaitForApplied(this InProcessTestCluster cluster, string producer, int count, int timeoutMs = 30_000) =>
        Eventually.True(async () => (await cluster.Client.GetGrain<IRecorderGrain>(producer).Applied()).Count >= count,
            $"{producer}'s recorder applies {count} events", timeoutMs);

    public static Task<System.Collections.Immutable.ImmutableList<int>> Applied(this InProcessTestCluster cluster, string producer) =>
        cluster.Client.GetGrain<IRecorderGrain>(producer).Applied();

    /// <summary>
    /// A stream as code outside a grain publishes on it: the API co-hosts the silo, so it is the silo's
    /// own <see cref="IClusterClient"/>.
    /// </summary>
    public static IAsyncStream<TestEvent> OutsideStream(this InProcessTestCluster cluster, string key, string streamNamespace = ProducerGrain.Namespace,
        string provider = TestSilos.StreamProvider) =>
        cluster.Silos[0].ServiceProvider.GetRequiredService<IClusterClient>().GetStreamProvider(provider)
            .GetStream<TestEvent>(StreamId.Create(streamNamespace, key));

    public static DeadLetters DeadLetters(this InProcessTestCluster cluster) =>
        cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<DeadLetters>(TestSilos.StreamProvider);

    public static OutboxLog OutboxLog(this InProcessTestCluster cluster) =>
        cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<OutboxLog>(TestSilos.StreamProvider);

    /// <summary>Whether a pulling agent on any silo last found committed events held back behind a running transaction.</summary>
    public static bool AnyHeldBack(this InProcessTestCluster cluster) =>
        cluster.Silos.Any(silo => silo.ServiceProvider.GetRequiredService<OutboxMetrics>().AnyHeldBack);

    /// <summary>The dead letters of <paramref name="key"/>'s streams.</summary>
    public static async Task<List<DeadLetter>> DeadLettersOf(this InProcessTestCluster cluster, string key) =>
        (await cluster.DeadLetters().ListAsync(1_000)).Where(letter => letter.Stream.GetKeyAsString() == key).ToList();
}
