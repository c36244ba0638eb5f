using Dapper;
using Journal.Persistence.Streams;
using Journal.Tests.Infrastructure;
using Journal.Tests.Providers.Grains;
using Orleans.TestingHost;
using static Journal.Tests.Providers.StreamTesting;

namespace Journal.Tests.Providers;

/// <summary>
/// A lower sequence number can become visible after a higher one when transactions commit out of
/// order. The agents' read guard must never skip the late one. One partition, so every producer's
/// events meet in one agent.
/// </summary>
public sealed class OutOfOrderCommitTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestSilos.StartAsync(database, streams: o => o.Partitions = 1);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_later_commit_with_a_lower_sequence_is_held_back_then_read_in_order()
    {
        var log = _cluster.OutboxLog();
        const string insert =
            """
            INSERT INTO stream_events (provider, stream_namespace, stream_key, partition, epoch, event_type, payload)
            VALUES ('default', 'premise', @key, 0, @epoch, 'TestEvent', jsonb_build_object('producer', @key, 'number', 1))
            """;

        await using var slowConnection = await database.DataSource.OpenConnectionAsync();
        await using var slowTransaction = await slowConnection.BeginTransactionAsync();
        await slowConnection.ExecuteAsync(insert, new { key = "slow", epoch = log.Epoch }, slowTransaction); // takes the lower seq, stays open
        await using (var fastConnection = await database.DataSource.OpenConnectionAsync())
            await fastConnection.ExecuteAsync(insert, new { key = "fast", epoch = log.Epoch }); // higher seq, committed at once

        await using (var reader = await database.DataSource.OpenConnectionAsync())
        {
            // The hazard is real: a plain read by sequence already sees the higher number alone.
            var plain = (await reader.QueryAsync<string>("SELECT stream_key FROM stream_events WHERE stream_namespace = 'premise' ORDER BY seq")).ToList();
            Assert.Equal(["fast"], plain);
        }
        var guarded = await log.ReadPartitionAsync(0, OutboxPosition.Start, 100_000, CancellationToken.None);
        Assert.DoesNotContain(guarded.Events, e => e.StreamId.GetNamespace() == "premise");
        Assert.True(guarded.HeldBack);

        await slowTransaction.CommitAsync();

        // Transactions of other tests on the same server can hold the guard back a moment longer.
        List<string> read = [];
        await Eventually.True(async () =>
        {
            read = (await log.ReadPartitionAsync(0, OutboxPosition.Start, 100_000, CancellationToken.None)).Events
                .Where(e => e.StreamId.GetNamespace() == "premise").Select(e => e.StreamId.GetKeyAsString()).ToList();
            return read.Count == 2;
        }, "both events are readable once the slow transaction committed");
        Assert.Equal(["slow", "fast"], read);
    }

    [Fact]
    public async Task Concurrent_producers_with_transactions_held_open_lose_and_duplicate_nothing()
    {
        const int producers = 24, perProducer = 25;
        await Eventually.True(() => !_cluster.AnyHeldBack(), "no agent is held back before the run");
        var heldBackSeen = false;
        using var watching = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                heldBackSeen |= _cluster.AnyHeldBack();
                await Task.Delay(1);
            }
        });

        // A third of the producers keep every transaction open 20–66 ms after inserting their event,
        // while the others commit higher sequence numbers meanwhile.
        await Task.WhenAll(Enumerable.Range(0, producers).Select(i =>
        {
            var producer = _cluster.Client.GetGrain<IProducerGrain>($"concurrent-{i}");
            return i % 3 == 0 ? producer.ProduceHoldingOpen(perProducer, 20 + i * 2) : producer.Produce(perProducer);
        }));

        for (var i = 0; i < producers; i++) await _cluster.WaitForApplied($"concurrent-{i}", perProducer, timeoutMs: 30_000);
        await watching.CancelAsync();
        await watcher;
        for (var i = 0; i < producers; i++) Assert.Equal(Numbers(perProducer), await _cluster.Applied($"concurrent-{i}"));
        Assert.True(heldBackSeen, "the run should have made the agent wait for an open transaction at least once");
    }
}
