using System.Diagnostics;
using Dapper;
using Journal.Persistence.Streams;
using Journal.Tests.Infrastructure;
using Journal.Tests.Providers.Grains;
using Orleans.TestingHost;
using static Journal.Tests.Providers.StreamTesting;

namespace Journal.Tests.Providers;

/// <summary>Retention deletes the events every consumer has had once they are old, and nothing else.</summary>
public sealed class StreamRetentionTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const int Partitions = 4;
    private static readonly TimeSpan Retention = TimeSpan.FromSeconds(3);

    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestSilos.StartAsync(database, streams: o =>
    {
        o.Partitions = Partitions;
        o.Retention = Retention;
        o.RetentionPeriod = TimeSpan.FromMilliseconds(100);
    });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Retention_deletes_only_old_events_that_every_consumer_has_passed()
    {
        var partition = OutboxQueueMapper.PartitionOf(ProducerGrain.Namespace, "retained", Partitions);
        await _cluster.Client.GetGrain<IProducerGrain>("warm-up").Produce(1); // the grain types are loaded, the agents started
        await _cluster.WaitForApplied("warm-up", 1);
        var producer = _cluster.Client.GetGrain<IProducerGrain>("retained");
        var sinceFirst = Stopwatch.StartNew();
        await producer.Produce(5);
        await _cluster.WaitForApplied("retained", 5);

        // Delivered but young: kept.
        var left = await Left();
        Assert.True(sinceFirst.Elapsed < Retention, $"the check must run while the events are young ({sinceFirst.Elapsed} after the first)");
        Assert.Equal(["1", "2", "3", "4", "5"], left);
        Assert.Equal(0, await _cluster.OutboxLog().TrimAsync(partition, TimeSpan.FromHours(1), CancellationToken.None));

        // 6 and 7 stay undelivered while the consumer is busy with 6.
        var busy = StreamLog.Hold("retained", 6);
        await producer.Produce(2);
        await Eventually.True(() => StreamLog.IsWaiting("retained", 6), "the recorder is busy with 6");

        await Eventually.True(async () => (await Left()).SequenceEqual(["6", "7"]), "retention deletes the delivered events once they are old");
        await Eventually.True(async () => await OlderThan(Retention + TimeSpan.FromMilliseconds(500)), "6 and 7 are old too", timeoutMs: 15_000);
        Assert.Equal(["6", "7"], await Left());
        Assert.Equal(0, await _cluster.OutboxLog().TrimAsync(partition, TimeSpan.FromMilliseconds(1), CancellationToken.None));

        busy.SetResult();
        await _cluster.WaitForApplied("retained", 7);
        Assert.Equal(Numbers(7), await _cluster.Applied("retained"));
        await Eventually.True(async () => (await Left()).Count == 0, "once delivered, 6 and 7 are deleted too");
    }

    private async Task<List<string>> Left()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<string>("SELECT payload->>'number' FROM stream_events WHERE stream_key = 'retained' ORDER BY seq")).ToList();
    }

    private async Task<bool> OlderThan(TimeSpan age)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>(
            "SELECT coalesce(bool_and(created_at < now() - @age), false) FROM stream_events WHERE stream_key = 'retained'", new { age });
    }
}
