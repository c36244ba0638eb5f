using Journal.Runtime;
using Journal.Tests.Infrastructure;
using Journal.Tests.Streams.Grains;

namespace Journal.Tests.Streams;

/// <summary>
/// An explicit subscription that resumes from a stored token reads the log, then hands over to live
/// delivery: each event exactly once, in order, whatever is published or committed meanwhile.
/// </summary>
public sealed class ExplicitSubscriptionTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private readonly StreamLog _log = new();

    [Fact]
    public async Task Resuming_while_events_keep_coming_and_the_callback_is_slow_misses_and_repeats_nothing()
    {
        await using var silo = StreamTestSilo.Start(database.ConnectionString, _log);
        var stream = silo.Runtime.GetStreamProvider().GetStream<TestEvent>(StreamId.Create(ProducerGrain.Namespace, "busy"));
        var producer = silo.Grains.GetGrain<IProducerGrain>("busy");
        await producer.Produce(20);
        await silo.WaitForApplied("busy", 20); // the agent passed them: the log shows them to every later read
        var stored = await silo.Provider().Queue.ReadStreamAsync(stream.StreamId, StreamSequenceToken.Start, 100, CancellationToken.None);
        var received = new List<int>();

        var publishing = Task.Run(async () =>
        {
            for (var i = 0; i < 60; i++)
            {
                await producer.Produce(1);
                await Task.Delay(2);
            }
        });
        await using var subscription = await stream.SubscribeAsync(async (e, _) =>
        {
            await Task.Delay(5);
            lock (received) received.Add(e.Number);
        }, after: stored[4].Token);
        await publishing;

        await Eventually.True(() => { lock (received) return received.Count >= 75; }, "events 6..80", timeoutMs: 30_000);
        await Task.Delay(300);
        lock (received) Assert.Equal(Enumerable.Range(6, 75), received);
    }

    [Fact]
    public async Task Resuming_while_an_earlier_transaction_is_still_open_waits_for_it()
    {
        await using var silo = StreamTestSilo.Start(database.ConnectionString, _log);
        var provider = silo.Provider();
        var stream = provider.GetStream<TestEvent>(StreamId.Create(ProducerGrain.Namespace, "late"));
        await stream.OnNextBatchAsync([new TestEvent("late", 1), new TestEvent("late", 2), new TestEvent("late", 3)]);
        await silo.WaitForApplied("late", 3);
        var stored = await provider.Queue.ReadStreamAsync(stream.StreamId, StreamSequenceToken.Start, 100, CancellationToken.None);
        var queue = (PostgresStreamQueue)provider.Queue;
        var received = new List<int>();

        // Event 4 is inserted first but commits last; event 5 commits meanwhile.
        await using var slowConnection = await database.DataSource.OpenConnectionAsync();
        await using var slowTransaction = await slowConnection.BeginTransactionAsync();
        await queue.AppendAsync(slowConnection, slowTransaction,
            [new PendingEvent(stream.StreamId, provider.PartitionOf(stream.StreamId), nameof(TestEvent), StreamJson.Serialize(new TestEvent("late", 4)))],
            CancellationToken.None);
        await stream.OnNextAsync(new TestEvent("late", 5));
        await using var subscription = await stream.SubscribeAsync((e, _) =>
        {
            lock (received) received.Add(e.Number);
            return Task.CompletedTask;
        }, after: stored[0].Token);
        await slowTransaction.CommitAsync();

        await Eventually.True(() => { lock (received) return received.Count >= 4; }, "events 2..5");
        await Task.Delay(300);
        lock (received) Assert.Equal([2, 3, 4, 5], received);
    }

    [Fact]
    public async Task A_long_catch_up_does_not_hold_up_the_other_streams_of_its_partition()
    {
        await using var silo = StreamTestSilo.Start(database.ConnectionString, _log);
        var stream = silo.Runtime.GetStreamProvider().GetStream<TestEvent>(StreamId.Create(ProducerGrain.Namespace, "long-catch-up"));
        var partition = silo.Provider().PartitionOf(stream.StreamId);
        var neighbour = Enumerable.Range(0, 1_000).Select(i => $"neighbour-{i}")
            .First(key => silo.Provider().PartitionOf(StreamId.Create(ProducerGrain.Namespace, key)) == partition);
        await stream.OnNextBatchAsync(StreamTestSilo.Numbers(40).Select(n => new TestEvent("long-catch-up", n)));
        await silo.WaitForApplied("long-catch-up", 40); // delivered already: the catch-up reads them from the log
        var received = new List<int>();

        var subscribing = stream.SubscribeAsync(async (e, _) =>
        {
            await Task.Delay(25); // the catch-up of 40 events takes about a second
            lock (received) received.Add(e.Number);
        }, after: StreamSequenceToken.Start);
        await Eventually.True(() => { lock (received) return received.Count > 0; }, "the catch-up runs");
        await stream.OnNextAsync(new TestEvent("long-catch-up", 41)); // live, while the catch-up runs
        await Task.Delay(100);
        await silo.Grains.GetGrain<IProducerGrain>(neighbour).Produce(1);

        await silo.WaitForApplied(neighbour, 1);
        lock (received) Assert.True(received.Count < 40, $"the other stream waited for the catch-up ({received.Count} of 40 events were through)");
        await using var subscription = await subscribing;
        await Eventually.True(() => { lock (received) return received.Count >= 41; }, "the catch-up, then the live event");
        lock (received) Assert.Equal(StreamTestSilo.Numbers(41), received);
    }

    [Fact]
    public async Task After_unsubscribing_nothing_is_called_back()
    {
        await using var silo = StreamTestSilo.Start(database.ConnectionString, _log);
        var stream = silo.Runtime.GetStreamProvider().GetStream<TestEvent>(StreamId.Create(ProducerGrain.Namespace, "ended"));
        var received = 0;
        var subscription = await stream.SubscribeAsync((_, _) =>
        {
            Interlocked.Increment(ref received);
            return Task.CompletedTask;
        });
        await stream.OnNextAsync(new TestEvent("ended", 1));
        await Eventually.True(() => Volatile.Read(ref received) == 1, "the first event");

        await subscription.UnsubscribeAsync();
        await stream.OnNextAsync(new TestEvent("ended", 2));
        await silo.WaitForApplied("ended", 2); // the grain subscriber got it, so the agent has delivered it

        Assert.Equal(1, Volatile.Read(ref received));
    }
}
