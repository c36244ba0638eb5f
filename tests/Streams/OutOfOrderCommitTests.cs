using Dapper;
using Journal.Runtime;
using Journal.Tests.Infrastructure;
using Journal.Tests.Streams.Grains;

namespace Journal.Tests.Streams;

/// <summary>
/// A lower sequence number can become visible after a higher one when transactions commit out of
/// order. The agents' read guard must never skip the late one.
/// </summary>
public sealed class OutOfOrderCommitTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private readonly StreamLog _log = new();

    [Fact]
    public async Task A_later_commit_with_a_lower_sequence_is_held_back_then_read_in_order()
    {
        await using var silo = StreamTestSilo.Start(database.ConnectionString, _log, o => o.Partitions = 1);
        await silo.Runtime.StopAsync(); // only this test reads the partition
        var queue = (PostgresStreamQueue)silo.Provider().Queue;
        var slow = new PendingEvent(StreamId.Create("premise", "slow"), 0, nameof(TestEvent), """{"producer":"slow","number":1}""");
        var fast = new PendingEvent(StreamId.Create("premise", "fast"), 0, nameof(TestEvent), """{"producer":"fast","number":1}""");

        await using var slowConnection = await database.DataSource.OpenConnectionAsync();
        await using var slowTransaction = await slowConnection.BeginTransactionAsync();
        await queue.AppendAsync(slowConnection, slowTransaction, [slow], CancellationToken.None); // takes the lower seq, stays open
        await queue.AppendAsync([fast], CancellationToken.None); // higher seq, committed at once

        await using (var reader = await database.DataSource.OpenConnectionAsync())
        {
            // The hazard is real: a plain read by sequence already sees the higher number alone.
            var plain = (await reader.QueryAsync<string>("SELECT stream_key FROM stream_events WHERE stream_namespace = 'premise' ORDER BY seq")).ToList();
            Assert.Equal(["fast"], plain);
        }
        var guarded = await queue.ReadPartitionAsync(0, StreamSequenceToken.Start, 100_000, CancellationToken.None);
        Assert.DoesNotContain(guarded.Events, e => e.Stream.Namespace == "premise");
        Assert.True(guarded.HeldBack);

        await slowTransaction.CommitAsync();

        // Transactions of other tests on the same server can hold the guard back a moment longer.
        IReadOnlyList<string> read = [];
        await Eventually.True(async () =>
        {
            read = (await queue.ReadPartitionAsync(0, StreamSequenceToken.Start, 100_000, CancellationToken.None)).Events
                .Where(e => e.Stream.Namespace == "premise").Select(e => e.Stream.Key).ToList();
            return read.Count == 2;
        }, "both events are readable once the slow transaction committed");
        Assert.Equal(["slow", "fast"], read);
    }

    [Fact]
    public async Task Concurrent_producers_with_transactions_held_open_lose_and_duplicate_nothing()
    {
        const int producers = 24, perProducer = 25;
        await using var silo = StreamTestSilo.Start(database.ConnectionString, _log, o => o.Partitions = 1);
        var heldBackSeen = false;
        using var watching = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                heldBackSeen |= silo.Provider().AnyHeldBack;
                await Task.Delay(1);
            }
        });

        // A third of the producers keep every transaction open 20–60 ms after inserting their event,
        // while the others commit higher sequence numbers meanwhile.
        await Task.WhenAll(Enumerable.Range(0, producers).Select(i =>
        {
            var producer = silo.Grains.GetGrain<IProducerGrain>($"concurrent-{i}");
            return i % 3 == 0 ? producer.ProduceHoldingOpen(perProducer, 20 + i * 2) : producer.Produce(perProducer);
        }));

        for (var i = 0; i < producers; i++) await silo.WaitForApplied($"concurrent-{i}", perProducer, timeoutMs: 30_000);
        await watching.CancelAsync();
        await watcher;
        for (var i = 0; i < producers; i++)
            Assert.Equal(StreamTestSilo.Numbers(perProducer), await silo.Grains.GetGrain<IRecorderGrain>($"concurrent-{i}").Applied());
        Assert.True(heldBackSeen, "the run should have made the agent wait for an open transaction at least once");
    }
}
