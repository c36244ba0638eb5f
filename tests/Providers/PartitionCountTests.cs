using Dapper;
using Journal.Tests.Infrastructure;
using Journal.Tests.Providers.Grains;
using static Journal.Tests.Providers.StreamTesting;

namespace Journal.Tests.Providers;

/// <summary>
/// A stream's events must stay in one partition, so the partition count may change only once
/// everything hashed with the old count is delivered; until then a silo with the new count refuses
/// to start. Its own database (the count is per database) and its own one-silo clusters.
/// </summary>
public sealed class PartitionCountTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task A_changed_partition_count_is_refused_while_events_hashed_with_the_old_one_are_undelivered()
    {
        await using (var before = await TestSilos.StartAsync(database, silos: 1, streams: o => o.Partitions = 4))
        {
            var producer = before.Client.GetGrain<IProducerGrain>("repartitioned");
            await producer.Produce(3);
            await before.WaitForApplied("repartitioned", 3);
            StreamLog.FailNumberTransiently("repartitioned", 4, int.MaxValue); // the consumer cannot take 4 before the stop
            await producer.Produce(1);
            await Eventually.True(() => StreamLog.Thrown("repartitioned", 4) > 0, "4 is delivered and fails");
        }

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => TestSilos.StartAsync(database, silos: 1, streams: o => o.Partitions = 8));
        Assert.Contains("Streams:Partitions is 8 but the undelivered events of stream provider 'default' were hashed into 4 partitions",
            StreamDeliveryTests.AllMessages(refused));
        Assert.Equal(4, await StoredPartitions());

        StreamLog.FailNumberTransiently("repartitioned", 4, 0);
        await using (var again = await TestSilos.StartAsync(database, silos: 1, streams: o => o.Partitions = 4))
            await again.WaitForApplied("repartitioned", 4); // delivered with the old count

        await using var drained = await TestSilos.StartAsync(database, silos: 1, streams: o => o.Partitions = 8);
        Assert.Equal(8, await StoredPartitions()); // once everything was delivered, the new count is adopted
        await drained.Client.GetGrain<IProducerGrain>("repartitioned").Produce(1);
        await drained.WaitForApplied("repartitioned", 5);
        Assert.Equal(Numbers(5), await drained.Applied("repartitioned"));
    }

    private async Task<int> StoredPartitions()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT partitions FROM stream_partitions WHERE provider = 'default'");
    }
}
