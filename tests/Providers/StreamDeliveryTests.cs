using Dapper;
using Journal.Tests.Infrastructure;
using Journal.Tests.Providers.Grains;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace Journal.Tests.Providers;

/// <summary>The outbox stream provider on Orleans' pulling agents: events exist iff their change committed, and reach their implicit subscriber in order, exactly once in effect.</summary>
public sealed class StreamDeliveryTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestSilos.StartAsync(database);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Events_published_in_a_unit_of_work_reach_the_subscribed_grain_in_order_exactly_once()
    {
        await _cluster.Client.GetGrain<IProducerGrain>("outbox").Produce(50);

        await WaitForApplied("outbox", 50);
        Assert.Equal(Numbers(50), await _cluster.Client.GetGrain<IRecorderGrain>("outbox").Applied());
        Assert.Equal(50, await CountEvents("outbox"));
    }

    private async Task WaitForApplied(string producer, int count, int timeoutMs = 15_000) =>
        await Eventually.True(async () => (await _cluster.Client.GetGrain<IRecorderGrain>(producer).Applied()).Count >= count,
            $"{count} events of {producer} applied", timeoutMs);

    private static List<int> Numbers(int count) => Enumerable.Range(1, count).ToList();

    private async Task<long> CountEvents(string producer)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM stream_events WHERE stream_namespace = 'test' AND stream_key = @producer", new { producer });
    }
}
