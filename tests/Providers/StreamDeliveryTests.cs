using System.Diagnostics;
using Dapper;
using Journal.Persistence.Hosting;
using Journal.Persistence.Streams;
using Journal.Tests.Infrastructure;
using Journal.Tests.Providers.Grains;
using Orleans.Runtime;
using Orleans.TestingHost;
using static Journal.Tests.Providers.StreamTesting;

namespace Journal.Tests.Providers;

/// <summary>
/// The outbox stream provider on Orleans' pulling agents: events exist iff their change committed, and
/// reach their implicit subscriber in order, exactly once in effect; events published outside a grain
/// too; partitions and their cursors. The agents poll only every ten minutes here, so every delivery
/// in this class is woken by a notification.
/// </summary>
public sealed class StreamDeliveryTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const int Partitions = 8;
    private const string Bridge = "Bridge";
    private static readonly TimeSpan NoPolling = TimeSpan.FromMinutes(10);

    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestSilos.StartAsync(database,
        configure: silo => silo.AddOutboxStreams(Bridge, o => o.Configure(b => b.PollInterval = NoPolling)),
        streams: o =>
        {
            o.Partitions = Partitions;
            o.BatchSize = 100;
            o.PollInterval = NoPolling;
        });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Events_published_in_a_unit_of_work_reach_the_subscribed_grain_in_order_exactly_once()
    {
        await _cluster.Client.GetGrain<IProducerGrain>("outbox").Produce(50);

        await _cluster.WaitForApplied("outbox", 50);
        Assert.Equal(Numbers(50), await _cluster.Applied("outbox"));
        Assert.Equal(50, await CountEvents("outbox"));
    }

    [Fact]
    public async Task A_rolled_back_unit_of_work_leaves_no_event_behind()
    {
        var producer = _cluster.Client.GetGrain<IProducerGrain>("rollback");
        await producer.Produce(2);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => producer.ProduceAndFail());
        Assert.Contains("division by zero", error.Message);
        await Eventually.True(async () => await producer.Produced() == 2, "the failed write's activation was dropped with its increment");
        await producer.Produce(1);

        await _cluster.WaitForApplied("rollback", 3);
        Assert.Equal(3, await producer.Produced());
        Assert.Equal(3, await CountEvents("rollback"));
        Assert.Equal([1, 2, 3], await _cluster.Applied("rollback"));
    }

    [Fact]
    public async Task Events_published_outside_a_grain_are_delivered_in_batches()
    {
        var stream = _cluster.OutsideStream("api");

        await stream.OnNextBatchAsync(Numbers(300).Select(n => new TestEvent("api", n)).ToList());
        await stream.OnNextAsync(new TestEvent("api", 301));

        await _cluster.WaitForApplied("api", 301);
        Assert.Equal(Numbers(301), await _cluster.Applied("api"));
        Assert.Equal(301, await CountEvents("api"));
        var batches = StreamLog.Batches("api");
        Assert.All(batches, size => Assert.InRange(size, 1, 100));
        Assert.True(batches.Count <= 12, $"301 events should arrive in few batches, came in {batches.Count}");
    }

    [Fact]
    public async Task Agents_wake_on_notifications_without_waiting_for_a_poll()
    {
        var producer = _cluster.Client.GetGrain<IProducerGrain>("notify");
        await producer.Produce(1);
        await _cluster.WaitForApplied("notify", 1); // the recorder is active, the agents have read what there was
        await Task.Delay(300); // they now sleep until notified (or ten minutes)

        await producer.Produce(1); // committed (and notified) when the call returns
        var committed = Stopwatch.StartNew();
        await _cluster.WaitForApplied("notify", 2);

        // Typically tens of milliseconds; the bound leaves room for a loaded machine, far below the poll.
        Assert.True(committed.ElapsedMilliseconds < 5_000, $"delivered {committed.ElapsedMilliseconds} ms after the commit");
        Assert.Equal([1, 2], await _cluster.Applied("notify"));
    }

    [Fact]
    public async Task A_provider_whose_name_has_capitals_is_still_woken_by_notifications()
    {
        var stream = _cluster.OutsideStream("capitals", provider: Bridge);
        await stream.OnNextAsync(new TestEvent("capitals", 1));
        await _cluster.WaitForApplied("capitals", 1);
        await Task.Delay(300);

        await stream.OnNextAsync(new TestEvent("capitals", 2));
        var committed = Stopwatch.StartNew();
        await _cluster.WaitForApplied("capitals", 2);

        Assert.True(committed.ElapsedMilliseconds < 5_000, $"delivered {committed.ElapsedMilliseconds} ms after the commit");
        Assert.Equal([1, 2], await _cluster.Applied("capitals"));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM stream_events WHERE provider = @Bridge AND stream_key = 'capitals'", new { Bridge }));
    }

    [Fact]
    public async Task A_unit_of_work_publishing_through_two_providers_commits_each_event_under_its_own()
    {
        var producer = _cluster.Client.GetGrain<IProducerGrain>("two-providers");
        await producer.Produce(1);
        await producer.ProduceOnTwoProviders(Bridge);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        var events = (await connection.QueryAsync<(string Provider, int Number)>(
            "SELECT provider, (payload->>'number')::int FROM stream_events WHERE stream_key = 'two-providers' ORDER BY provider, seq")).ToList();
        Assert.Equal([(Bridge, 2), (TestSilos.StreamProvider, 1), (TestSilos.StreamProvider, 2)], events);
        Assert.Equal(2, await producer.Produced());
    }

    [Fact]
    public async Task Events_held_back_behind_a_long_transaction_are_delivered_soon_after_it_ends()
    {
        var stream = _cluster.OutsideStream("held");
        await stream.OnNextAsync(new TestEvent("held", 1));
        await _cluster.WaitForApplied("held", 1);

        // A transaction with an id holds the read guard back for every event committed after it began.
        await using (var blocker = await database.DataSource.OpenConnectionAsync())
        await using (var transaction = await blocker.BeginTransactionAsync())
        {
            await blocker.ExecuteAsync("SELECT pg_current_xact_id()", transaction: transaction);
            // Each commit notifies the agent, which reads and finds its events held back, again and again.
            foreach (var n in Numbers(2, 20))
            {
                await stream.OnNextAsync(new TestEvent("held", n));
                await Task.Delay(15);
            }
            await Task.Delay(200);
            Assert.Single(await _cluster.Applied("held"));
            await transaction.CommitAsync();
        }
        var released = Stopwatch.StartNew();

        await _cluster.WaitForApplied("held", 21);
        Assert.True(released.ElapsedMilliseconds < 5_000, $"delivered {released.ElapsedMilliseconds} ms after the blocking transaction ended");
        Assert.Equal(Numbers(21), await _cluster.Applied("held"));
    }

    [Fact]
    public async Task Streams_hash_into_partitions_and_each_partition_keeps_its_cursor()
    {
        var producers = Enumerable.Range(0, 40).Select(i => $"partitioned-{i}").ToList();

        await Task.WhenAll(producers.Select(p => _cluster.Client.GetGrain<IProducerGrain>(p).Produce(2)));
        foreach (var producer in producers) await _cluster.WaitForApplied(producer, 2);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(string Key, int Partition)>(
            "SELECT stream_key, partition FROM stream_events WHERE provider = 'default' AND stream_key LIKE 'partitioned-%'")).ToList();
        Assert.Equal(80, rows.Count);
        Assert.All(rows, row => Assert.Equal(OutboxQueueMapper.PartitionOf(ProducerGrain.Namespace, row.Key, Partitions), row.Partition));
        Assert.True(rows.Select(r => r.Partition).Distinct().Count() >= 4, "40 streams should spread over the 8 partitions");
        foreach (var producer in producers) Assert.Equal([1, 2], await _cluster.Applied(producer));
        // Once a partition is quiet, its cursor is stored past everything delivered.
        await Eventually.True(async () => await connection.ExecuteScalarAsync<long>(
            """
            SELECT count(*) FROM stream_events e LEFT JOIN stream_cursors c ON c.provider = e.provider AND c.partition = e.partition
            WHERE e.provider = 'default' AND e.stream_key LIKE 'partitioned-%' AND (c.tx IS NULL OR (e.epoch, e.tx, e.seq) > (c.epoch, c.tx, c.seq))
            """) == 0, "every partition's cursor is stored past its delivered events");
    }

    [Fact]
    public async Task Invalid_stream_settings_stop_the_start_with_the_key_named()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestSilos.StartAsync(database, silos: 1, streams: o => o.Partitions = 0));

        Assert.Contains("Streams:Partitions must be at least 1", AllMessages(error));
    }

    internal static string AllMessages(Exception error) =>
        string.Join(" | ", Flatten(error).Select(e => $"{e.GetType().Name}: {e.Message}"));

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        yield return error;
        var inner = error is AggregateException aggregate ? aggregate.InnerExceptions : error.InnerException is { } one ? [one] : [];
        foreach (var e in inner.SelectMany(Flatten)) yield return e;
    }

    private async Task<long> CountEvents(string producer)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM stream_events WHERE provider = 'default' AND stream_namespace = 'test' AND stream_key = @producer", new { producer });
    }
}
