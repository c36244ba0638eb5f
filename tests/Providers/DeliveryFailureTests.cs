using System.Text.Json;
using Journal.Persistence.Storage;
using Journal.Persistence.Streams;
using Journal.Tests.Infrastructure;
using Journal.Tests.Providers.Grains;
using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.Streams;
using Orleans.TestingHost;
using static Journal.Tests.Providers.StreamTesting;

namespace Journal.Tests.Providers;

/// <summary>
/// What a consumer's failure does to its stream (<see cref="StreamConsumerGrain{TEvent}"/>): a failing
/// delivery is retried; a transient failure holds the stream until it passes and is never
/// dead-lettered; an event failing of its own making is dead-lettered after MaxDeliveryAttempts and the
/// stream moves on; a replayed dead letter takes effect once, at its own consumer only.
/// </summary>
public sealed class DeliveryFailureTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const int MaxDeliveryAttempts = 3;

    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestSilos.StartAsync(database, streams: o => o.MaxDeliveryAttempts = MaxDeliveryAttempts);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_consumer_that_fails_is_retried_until_it_succeeds()
    {
        StreamLog.FailNumber("flaky", 3, times: 2);

        await _cluster.Client.GetGrain<IProducerGrain>("flaky").Produce(5);

        await _cluster.WaitForApplied("flaky", 5);
        Assert.Equal(Numbers(5), await _cluster.Applied("flaky"));
        Assert.Equal(2, StreamLog.Thrown("flaky", 3));
        Assert.Empty(await _cluster.DeadLettersOf("flaky"));
    }

    [Fact]
    public async Task Transient_failures_hold_the_stream_and_are_never_dead_lettered()
    {
        // Twice the attempts after which an event's own failure is dead-lettered.
        StreamLog.FailNumberTransiently("transient", 2, times: 2 * MaxDeliveryAttempts);

        await _cluster.Client.GetGrain<IProducerGrain>("transient").Produce(4);

        await _cluster.WaitForApplied("transient", 4);
        Assert.Equal(Numbers(4), await _cluster.Applied("transient"));
        Assert.Equal(2 * MaxDeliveryAttempts, StreamLog.Thrown("transient", 2));
        Assert.Empty(await _cluster.DeadLettersOf("transient"));
    }

    [Fact]
    public async Task An_event_that_keeps_failing_is_dead_lettered_the_stream_moves_on_and_a_replay_applies_it()
    {
        var producer = _cluster.Client.GetGrain<IProducerGrain>("poison");
        await producer.Produce(10);
        await _cluster.WaitForApplied("poison", 10);
        StreamLog.FailNumber("poison", 12, int.MaxValue);

        // One transaction: 12 fails in the middle of a delivered batch.
        await _cluster.OutsideStream("poison").OnNextBatchAsync(Numbers(11, 4).Select(n => new TestEvent("poison", n)).ToList());

        await _cluster.WaitForApplied("poison", 13);
        Assert.Equal(Numbers(11).Concat([13, 14]), await _cluster.Applied("poison"));
        var letter = Assert.Single(await _cluster.DeadLettersOf("poison"));
        Assert.Equal("test-recorder/poison", letter.Consumer);
        Assert.Equal(StreamId.Create(ProducerGrain.Namespace, "poison"), letter.Stream);
        Assert.Equal(MaxDeliveryAttempts, letter.Attempts);
        Assert.Equal(nameof(TestEvent), letter.EventType);
        Assert.Contains("Told to fail on 12", letter.Error);
        Assert.Equal(12, JsonDocument.Parse(letter.Payload).RootElement.GetProperty("number").GetInt32());

        // Replayed while it still fails: it is dead-lettered again, and the stream moves on again.
        Assert.True(await _cluster.DeadLetters().ReplayAsync(letter.Id));
        await Eventually.True(async () => (await _cluster.DeadLettersOf("poison")).Count == 1, "the replay failed and was dead-lettered again");
        var again = Assert.Single(await _cluster.DeadLettersOf("poison"));
        Assert.NotEqual(letter.Id, again.Id);
        Assert.Equal(letter.Payload, again.Payload);
        Assert.True(again.Position > letter.Position, "the replay is a later event of the stream");
        await _cluster.OutsideStream("poison").OnNextAsync(new TestEvent("poison", 15));
        await _cluster.WaitForApplied("poison", 14);

        StreamLog.FailNumber("poison", 12, 0);
        Assert.True(await _cluster.DeadLetters().ReplayAsync(again.Id));

        await _cluster.WaitForApplied("poison", 15);
        Assert.Equal(Numbers(11).Concat([13, 14, 15, 12]), await _cluster.Applied("poison"));
        Assert.Empty(await _cluster.DeadLettersOf("poison"));
        Assert.False(await _cluster.DeadLetters().ReplayAsync(again.Id)); // replayed and gone
        Assert.False(await _cluster.DeadLetters().ReplayAsync(letter.Id));
    }

    [Fact]
    public async Task A_dead_letter_replayed_several_times_at_once_takes_effect_once()
    {
        StreamLog.FailNumber("replayed", 2, int.MaxValue);
        var producer = _cluster.Client.GetGrain<IProducerGrain>("replayed");
        await producer.Produce(3);
        await _cluster.WaitForApplied("replayed", 2); // 1 and 3; 2 is dead-lettered
        var letter = Assert.Single(await _cluster.DeadLettersOf("replayed"));
        StreamLog.FailNumber("replayed", 2, 0);

        var replays = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _cluster.DeadLetters().ReplayAsync(letter.Id))));

        Assert.Single(replays, replayed => replayed);
        await producer.Produce(1); // 4 follows every replayed copy in its stream: a second copy would show before it
        await _cluster.WaitForApplied("replayed", 4);
        Assert.Equal([1, 3, 2, 4], await _cluster.Applied("replayed"));
        Assert.Empty(await _cluster.DeadLettersOf("replayed"));
    }

    [Fact]
    public async Task A_replayed_dead_letter_reaches_only_the_consumer_that_gave_up_on_it()
    {
        StreamLog.FailNumber("only-mine", 2, int.MaxValue); // the recorder fails on 2; the witness takes it
        var stream = _cluster.OutsideStream("only-mine", WitnessGrain.Namespace);
        var witness = _cluster.Client.GetGrain<IWitnessGrain>("only-mine");
        foreach (var n in Numbers(3)) await stream.OnNextAsync(new TestEvent("only-mine", n));
        await _cluster.WaitForApplied("only-mine", 2);
        await Eventually.True(async () => (await witness.Applied()).Count >= 3, "the witness applies 1..3");
        var letter = Assert.Single(await _cluster.DeadLettersOf("only-mine"));
        Assert.Equal("test-recorder/only-mine", letter.Consumer);
        StreamLog.FailNumber("only-mine", 2, 0);

        Assert.True(await _cluster.DeadLetters().ReplayAsync(letter.Id));
        await stream.OnNextAsync(new TestEvent("only-mine", 4)); // after the replay in the stream, for both consumers

        await _cluster.WaitForApplied("only-mine", 4);
        await Eventually.True(async () => (await witness.Applied()).Count >= 4, "the witness applies 4");
        Assert.Equal([1, 3, 2, 4], await _cluster.Applied("only-mine"));
        Assert.Equal([1, 2, 3, 4], await witness.Applied());
    }

    [Fact]
    public void A_replayed_event_passes_the_checkpoint_once_and_its_redeliveries_change_nothing()
    {
        var stream = StreamId.Create(ProducerGrain.Namespace, "checkpoints");
        var checkpoints = new StreamCheckpoints();
        var first = Item(1, new OutboxPosition(0, 10, 1));
        var second = Item(2, new OutboxPosition(0, 11, 2));
        var third = Item(3, new OutboxPosition(0, 12, 3));
        var replayOfSecond = Item(2, new OutboxPosition(0, 40, 9), replayFor: "test-recorder/checkpoints"); // appended again, later
        checkpoints.Record(stream, [first, third]); // 2 was dead-lettered

        Assert.Equal([replayOfSecond], checkpoints.Unapplied(stream, [first, third, replayOfSecond]));
        checkpoints.Record(stream, [replayOfSecond]);

        Assert.Empty(checkpoints.Unapplied(stream, [replayOfSecond])); // redelivered (a lost cursor): no effect
        Assert.Empty(checkpoints.Unapplied(stream, [first, second, third])); // nor does the original, redelivered in order
        Assert.Equal(new OutboxPosition(0, 40, 9), checkpoints.LastApplied(stream));
        // The checkpoint survives the grain state's JSON.
        var stored = GrainStateJson.Deserialize<RecorderState>(GrainStateJson.Serialize(new RecorderState { Checkpoints = checkpoints }));
        Assert.Empty(stored.Checkpoints.Unapplied(stream, [replayOfSecond]));

        static SequentialItem<int> Item(int number, OutboxPosition position, string? replayFor = null) =>
            new(number, new OutboxSequenceToken(position, replayFor));
    }

    [Fact]
    public void Only_failures_that_say_nothing_about_the_event_are_transient()
    {
        Assert.True(TransientFailure.Is(new TimeoutException("a grain did not answer in time")));
        Assert.True(TransientFailure.Is(new InconsistentStateException("stale", "2", "1")));
        Assert.True(TransientFailure.Is(new SiloUnavailableException("silo gone")));
        Assert.True(TransientFailure.Is(new CommitOutcomeUnknownException("the connection broke during the commit", new IOException("reset"))));
        Assert.True(TransientFailure.Is(new PostgresException("could not serialize access", "ERROR", "ERROR", PostgresErrorCodes.SerializationFailure)));
        Assert.True(TransientFailure.Is(new PostgresException("deadlock detected", "ERROR", "ERROR", PostgresErrorCodes.DeadlockDetected)));
        Assert.True(TransientFailure.Is(new NpgsqlException("Exception while reading from stream", new IOException("connection reset"))));

        Assert.False(TransientFailure.Is(new PostgresException("division by zero", "ERROR", "ERROR", PostgresErrorCodes.DivisionByZero)));
        Assert.False(TransientFailure.Is(new InvalidOperationException("the consumer's own bug")));
        Assert.False(TransientFailure.Is(new JsonException("an event the consumer cannot read")));
    }
}
