using System.Text.Json;
using Dapper;
using Journal.Runtime;
using Journal.Tests.Infrastructure;
using Journal.Tests.Streams.Grains;
using Npgsql;

namespace Journal.Tests.Streams;

/// <summary>Conformance of the PostgreSQL stream provider: outbox, implicit and explicit delivery, partitions, notifications, retries, dead letters, retention.</summary>
public sealed class StreamDeliveryTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private readonly StreamLog _log = new();

    private TestRuntime StartSilo(Action<StreamProviderOptions>? streams = null) => StreamTestSilo.Start(database.ConnectionString, _log, streams);

    [Fact]
    public async Task Events_published_in_a_unit_of_work_reach_the_subscribed_grain_in_order_exactly_once()
    {
        await using var silo = StartSilo();

        await silo.Grains.GetGrain<IProducerGrain>("outbox").Produce(50);

        await silo.WaitForApplied("outbox", 50);
        Assert.Equal(StreamTestSilo.Numbers(50), await silo.Grains.GetGrain<IRecorderGrain>("outbox").Applied());
        Assert.Equal(50, await CountEvents("outbox"));
    }

    [Fact]
    public async Task A_rolled_back_unit_of_work_leaves_no_event_behind()
    {
        await using var silo = StartSilo();
        var producer = silo.Grains.GetGrain<IProducerGrain>("rollback");
        await producer.Produce(2);

        await Assert.ThrowsAsync<PostgresException>(() => producer.ProduceAndFail());
        await producer.Produce(1);

        await silo.WaitForApplied("rollback", 3);
        Assert.Equal(3, await producer.Produced()); // the failed write's increment was dropped with its activation
        Assert.Equal(3, await CountEvents("rollback"));
        Assert.Equal([1, 2, 3], await silo.Grains.GetGrain<IRecorderGrain>("rollback").Applied());
    }

    [Fact]
    public async Task Events_published_outside_a_grain_are_delivered_in_batches()
    {
        await using var silo = StartSilo(o => o.BatchSize = 100);
        var stream = silo.Runtime.GetStreamProvider().GetStream<TestEvent>(StreamId.Create(ProducerGrain.Namespace, "api"));

        await stream.OnNextBatchAsync(StreamTestSilo.Numbers(300).Select(n => new TestEvent("api", n)));

        await silo.WaitForApplied("api", 300);
        Assert.Equal(StreamTestSilo.Numbers(300), await silo.Grains.GetGrain<IRecorderGrain>("api").Applied());
        var batches = _log.Batches(stream.StreamId);
        Assert.All(batches, size => Assert.InRange(size, 1, 100));
        Assert.True(batches.Count <= 10, $"300 events should arrive in few batches, came in {batches.Count}");
    }

    [Fact]
    public async Task Agents_wake_on_notifications_without_waiting_for_a_poll()
    {
        await using var silo = StartSilo(o => o.PollInterval = TimeSpan.FromMinutes(10));
        await Task.Delay(300); // the agents' first reads are done: they now sleep until notified

        var started = Environment.TickCount64;
        await silo.Grains.GetGrain<IProducerGrain>("notify").Produce(1);

        await silo.WaitForApplied("notify", 1, timeoutMs: 5_000);
        Assert.True(Environment.TickCount64 - started < 5_000);
    }

    [Fact]
    public async Task Streams_hash_into_partitions_and_each_partition_keeps_its_cursor()
    {
        await using var silo = StartSilo(o => o.Partitions = 8);
        var producers = Enumerable.Range(0, 40).Select(i => $"partitioned-{i}").ToList();

        await Task.WhenAll(producers.Select(p => silo.Grains.GetGrain<IProducerGrain>(p).Produce(2)));
        foreach (var producer in producers) await silo.WaitForApplied(producer, 2);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(string Key, int Partition)>(
            "SELECT stream_key, partition FROM stream_events WHERE stream_key LIKE 'partitioned-%'")).ToList();
        var provider = silo.Provider();
        Assert.All(rows, row => Assert.Equal(provider.PartitionOf(StreamId.Create(ProducerGrain.Namespace, row.Key)), row.Partition));
        Assert.True(rows.Select(r => r.Partition).Distinct().Count() >= 4, "40 streams should spread over the 8 partitions");
        // Once a partition is quiet (one poll interval), its cursor is stored past everything delivered.
        await Eventually.True(async () => await connection.ExecuteScalarAsync<long>(
            """
            SELECT count(*) FROM stream_events e LEFT JOIN stream_cursors c ON c.provider = e.provider AND c.partition = e.partition
            WHERE e.stream_key LIKE 'partitioned-%' AND (c.tx IS NULL OR (e.epoch, e.tx, e.seq) > (c.epoch, c.tx, c.seq))
            """) == 0, "every partition's cursor is stored past its delivered events");
    }

    [Fact]
    public async Task After_a_graceful_stop_nothing_is_delivered_twice()
    {
        var stream = StreamId.Create(ProducerGrain.Namespace, "graceful");
        // No poll in the test's time, so the cursor is stored only by the stop (or, on a slow machine,
        // by a busy agent after 100 ms; without the stop's write the last events come again).
        await using (var first = StartSilo(o => o.PollInterval = TimeSpan.FromMinutes(10)))
        {
            await first.Grains.GetGrain<IProducerGrain>("graceful").Produce(10);
            await first.WaitForApplied("graceful", 10);
        }
        var delivered = _log.Batches(stream).Sum();

        await using var second = StartSilo();
        await second.Grains.GetGrain<IProducerGrain>("graceful").Produce(1);

        await second.WaitForApplied("graceful", 11);
        Assert.Equal(delivered + 1, _log.Batches(stream).Sum());
    }

    [Fact]
    public async Task Redelivery_after_a_lost_cursor_changes_no_effect()
    {
        var stream = StreamId.Create(ProducerGrain.Namespace, "redelivered");
        await using (var first = StartSilo())
        {
            await first.Grains.GetGrain<IProducerGrain>("redelivered").Produce(20);
            await first.WaitForApplied("redelivered", 20);
        }
        await using (var connection = await database.DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("DELETE FROM stream_cursors");
        var deliveredBefore = _log.Batches(stream).Sum();

        await using var second = StartSilo();

        await Eventually.True(() => _log.Batches(stream).Sum() >= deliveredBefore + 20, "the events are delivered again");
        Assert.Equal(StreamTestSilo.Numbers(20), await second.Grains.GetGrain<IRecorderGrain>("redelivered").Applied());
    }

    [Fact]
    public async Task A_consumer_that_fails_is_retried_until_it_succeeds()
    {
        _log.FailNumber(3, times: 2);
        await using var silo = StartSilo();

        await silo.Grains.GetGrain<IProducerGrain>("flaky").Produce(5);

        await silo.WaitForApplied("flaky", 5);
        Assert.Equal(StreamTestSilo.Numbers(5), await silo.Grains.GetGrain<IRecorderGrain>("flaky").Applied());
        Assert.Empty(await silo.Runtime.GetStreamProvider().GetDeadLettersAsync());
    }

    [Fact]
    public async Task An_event_that_keeps_failing_is_dead_lettered_the_stream_moves_on_and_a_replay_applies_it()
    {
        _log.FailNumber(102, int.MaxValue);
        await using var silo = StartSilo(o => o.MaxDeliveryAttempts = 5);
        var provider = silo.Runtime.GetStreamProvider();
        var producer = silo.Grains.GetGrain<IProducerGrain>("poison");
        await producer.Produce(101); // numbers 1..101 pass; 102 is poison
        await silo.WaitForApplied("poison", 101);

        await producer.Produce(3);

        await silo.WaitForApplied("poison", 103);
        Assert.Equal(StreamTestSilo.Numbers(101).Concat([103, 104]), await silo.Grains.GetGrain<IRecorderGrain>("poison").Applied());
        var letter = Assert.Single(await provider.GetDeadLettersAsync());
        Assert.Equal("RecorderGrain", letter.Consumer);
        Assert.Equal(StreamId.Create(ProducerGrain.Namespace, "poison"), letter.Stream);
        Assert.Equal(5, letter.Attempts);
        Assert.Contains("Told to fail on 102", letter.Error);
        Assert.Equal(102, JsonDocument.Parse(letter.Payload).RootElement.GetProperty("number").GetInt32());

        Assert.False(await provider.ReplayDeadLetterAsync(letter.Id)); // still failing: kept, one more attempt
        Assert.Equal(6, Assert.Single(await provider.GetDeadLettersAsync()).Attempts);

        _log.FailNumber(102, 0);
        Assert.True(await provider.ReplayDeadLetterAsync(letter.Id));

        Assert.Empty(await provider.GetDeadLettersAsync());
        Assert.Equal(StreamTestSilo.Numbers(101).Concat([103, 104, 102]), await silo.Grains.GetGrain<IRecorderGrain>("poison").Applied());
        await Assert.ThrowsAsync<KeyNotFoundException>(() => provider.ReplayDeadLetterAsync(letter.Id));
    }

    [Fact]
    public async Task An_explicit_subscription_gets_live_events_and_resumes_after_a_stored_token()
    {
        await using var silo = StartSilo();
        var stream = silo.Runtime.GetStreamProvider().GetStream<TestEvent>(StreamId.Create(ProducerGrain.Namespace, "bridge"));
        var producer = silo.Grains.GetGrain<IProducerGrain>("bridge");
        var firstRun = new List<(int Number, StreamSequenceToken Token)>();
        var subscription = await stream.SubscribeAsync((e, token) =>
        {
            lock (firstRun) firstRun.Add((e.Number, token));
            return Task.CompletedTask;
        });
        await producer.Produce(5);
        await Eventually.True(() => { lock (firstRun) return firstRun.Count == 5; }, "5 live events");
        await subscription.UnsubscribeAsync();
        Assert.Equal(StreamTestSilo.Numbers(5), firstRun.Select(e => e.Number));
        Assert.True(firstRun.Zip(firstRun.Skip(1)).All(pair => pair.First.Token < pair.Second.Token), "tokens grow");

        await producer.Produce(3); // 6..8 while nobody listens
        await silo.WaitForApplied("bridge", 8);
        var resumed = new List<int>();
        await using var again = await stream.SubscribeAsync((e, _) =>
        {
            lock (resumed) resumed.Add(e.Number);
            return Task.CompletedTask;
        }, after: firstRun[2].Token);
        await producer.Produce(2); // 9, 10 live

        await Eventually.True(() => { lock (resumed) return resumed.Count >= 7; }, "catch-up then live");
        await Task.Delay(200);
        lock (resumed) Assert.Equal([4, 5, 6, 7, 8, 9, 10], resumed);
    }

    [Fact]
    public async Task Retention_deletes_only_old_events_that_every_consumer_has_passed()
    {
        await using var silo = StartSilo(o => o.Retention = TimeSpan.FromMilliseconds(1));
        await silo.Grains.GetGrain<IProducerGrain>("retained").Produce(5);
        await silo.WaitForApplied("retained", 5);
        await silo.Runtime.StopAsync(); // the agents stop: what is appended now stays undelivered
        var provider = silo.Provider();
        await provider.GetStream<TestEvent>(StreamId.Create(ProducerGrain.Namespace, "retained"))
            .OnNextBatchAsync([new TestEvent("retained", 6), new TestEvent("retained", 7)]);
        await Task.Delay(10);
        Assert.Equal(0, await provider.Queue.TrimAsync(TimeSpan.FromHours(1), CancellationToken.None)); // delivered, but younger than that

        await provider.TrimAsync();

        await using var connection = await database.DataSource.OpenConnectionAsync();
        var left = await connection.QueryAsync<string>("SELECT payload->>'number' FROM stream_events WHERE stream_key = 'retained' ORDER BY seq");
        Assert.Equal(["6", "7"], left);
    }

    [Fact]
    public async Task A_provider_whose_name_has_capitals_is_still_woken_by_notifications()
    {
        await using var silo = TestRuntime.Start(postgres: database.ConnectionString,
            configure: runtime => runtime.AddPostgresStreams("Bridge", o => o.PollInterval = TimeSpan.FromMinutes(10)));
        var stream = silo.Runtime.GetStreamProvider("Bridge").GetStream<TestEvent>(StreamId.Create("capitals", "one"));
        var received = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await stream.SubscribeAsync((e, _) =>
        {
            received.TrySetResult(e.Number);
            return Task.CompletedTask;
        });
        await Task.Delay(300); // the agents' first reads are done

        await stream.OnNextAsync(new TestEvent("capitals", 1));

        Assert.Equal(1, await received.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Invalid_stream_settings_stop_the_start_with_the_key_named()
    {
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => StartSilo(o => o.Partitions = 0));

        Assert.Contains("Streams:Partitions must be at least 1", error.Message);
    }

    private async Task<long> CountEvents(string key)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM stream_events WHERE stream_key = @key", new { key });
    }
}
