using Journal.Runtime;
using Journal.Tests.Infrastructure;
using Journal.Tests.Streams.Grains;
using Npgsql;

namespace Journal.Tests.Streams;

/// <summary>
/// What a failure does to a stream: a transient one (the consumer timed out, storage was busy) holds
/// the stream until it passes and is never dead-lettered; a dead letter replays once, however often
/// it is replayed.
/// </summary>
public sealed class DeliveryFailureTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private readonly StreamLog _log = new();

    private TestRuntime StartSilo() => StreamTestSilo.Start(database.ConnectionString, _log, o => o.MaxDeliveryAttempts = 3);

    [Fact]
    public async Task Transient_failures_hold_the_stream_and_are_never_dead_lettered()
    {
        _log.FailNumberTransiently(2, times: 6); // twice the attempts after which an event's own failure is dead-lettered
        await using var silo = StartSilo();

        await silo.Grains.GetGrain<IProducerGrain>("transient").Produce(4);

        await silo.WaitForApplied("transient", 4, timeoutMs: 30_000);
        Assert.Equal(StreamTestSilo.Numbers(4), await silo.Grains.GetGrain<IRecorderGrain>("transient").Applied());
        Assert.DoesNotContain(await silo.Runtime.GetStreamProvider().GetDeadLettersAsync(), l => l.Stream.Key == "transient");
    }

    [Fact]
    public async Task A_dead_letter_replayed_several_times_at_once_takes_effect_once()
    {
        _log.FailNumber(2, int.MaxValue);
        await using var silo = StartSilo();
        var provider = silo.Runtime.GetStreamProvider();
        await silo.Grains.GetGrain<IProducerGrain>("replayed").Produce(3);
        await silo.WaitForApplied("replayed", 2); // 1 and 3; 2 is dead-lettered
        var letter = Assert.Single(await provider.GetDeadLettersAsync(), l => l.Stream.Key == "replayed");
        _log.FailNumber(2, 0);

        var replays = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                return await provider.ReplayDeadLetterAsync(letter.Id);
            }
            catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException)
            {
                return false; // being replayed by another call, or already replayed and removed
            }
        }));

        Assert.Single(replays, succeeded => succeeded);
        Assert.Equal([1, 3, 2], await silo.Grains.GetGrain<IRecorderGrain>("replayed").Applied());
        Assert.DoesNotContain(await provider.GetDeadLettersAsync(), l => l.Stream.Key == "replayed");
    }

    [Fact]
    public void A_replay_already_applied_is_recognised_by_its_checkpoint()
    {
        var stream = StreamId.Create(ProducerGrain.Namespace, "checkpoints");
        var checkpoints = new StreamCheckpoints();
        var first = new StreamItem<int>(1, new StreamSequenceToken(0, 10, 1));
        var third = new StreamItem<int>(3, new StreamSequenceToken(0, 12, 3));
        var replayOfSecond = new StreamItem<int>(2, new StreamSequenceToken(0, 11, 2), IsReplay: true);
        checkpoints.Record(stream, [first, third]);

        Assert.Equal([replayOfSecond], checkpoints.Unapplied(stream, [first, replayOfSecond, third]));
        checkpoints.Record(stream, [replayOfSecond]);

        Assert.Empty(checkpoints.Unapplied(stream, [replayOfSecond])); // a crash before the letter's removal replays it again: no effect
        Assert.Empty(checkpoints.Unapplied(stream, [replayOfSecond with { IsReplay = false }])); // nor does its redelivery in order
        Assert.Equal(third.Token, checkpoints.LastApplied(stream));
    }

    [Fact]
    public void Only_failures_that_say_nothing_about_the_event_are_transient()
    {
        Assert.True(TransientFailure.Is(new ResponseTimeoutException("a grain did not answer")));
        Assert.True(TransientFailure.Is(new InconsistentStateException("stale", "2", "1")));
        Assert.True(TransientFailure.Is(new RuntimeStoppingException("stopping")));
        Assert.True(TransientFailure.Is(new PostgresException("could not serialize access", "ERROR", "ERROR", PostgresErrorCodes.SerializationFailure)));
        Assert.True(TransientFailure.Is(new PostgresException("deadlock detected", "ERROR", "ERROR", PostgresErrorCodes.DeadlockDetected)));
        Assert.True(TransientFailure.Is(new NpgsqlException("Exception while reading from stream", new IOException("connection reset"))));

        Assert.False(TransientFailure.Is(new TimeoutException("an HTTP call the consumer made")));
        Assert.False(TransientFailure.Is(new PostgresException("division by zero", "ERROR", "ERROR", PostgresErrorCodes.DivisionByZero)));
        Assert.False(TransientFailure.Is(new InvalidOperationException("the consumer's own bug")));
    }
}
