using System.Collections.Concurrent;
using System.Collections.Immutable;
using Journal.Persistence.Storage;
using Journal.Persistence.Streams;
using Journal.Tests.Infrastructure;
using Orleans;
using Orleans.Runtime;
using Orleans.Streams;

namespace Journal.Tests.Providers.Grains;

/// <summary>The event the stream tests publish: the producer's key and its running number (1, 2, 3, …).</summary>
[GenerateSerializer, Immutable, Alias("test.TestEvent")]
public sealed record TestEvent(string Producer, int Number);

[Alias("test.IProducerGrain")]
public interface IProducerGrain : IGrainWithStringKey
{
    /// <summary>Publishes the next <paramref name="count"/> numbers, one state write (and transaction) each.</summary>
    [Alias("Produce")] Task Produce(int count);

    /// <summary>Like <see cref="Produce"/>, but each transaction stays open <paramref name="holdMilliseconds"/> after its insert.</summary>
    [Alias("ProduceHoldingOpen")] Task ProduceHoldingOpen(int count, int holdMilliseconds);

    /// <summary>Publishes the next number in a unit of work that then fails: nothing may remain.</summary>
    [Alias("ProduceAndFail")] Task ProduceAndFail();

    /// <summary>Publishes the next number on its stream of the default provider and of <paramref name="provider"/>, in one unit of work.</summary>
    [Alias("ProduceOnTwoProviders")] Task ProduceOnTwoProviders(string provider);

    [Alias("Produced")] Task<int> Produced();
}

public sealed class ProducerState
{
    public int Count { get; set; }
}

/// <summary>Publishes <see cref="TestEvent"/>s on its own stream ("test", key) through the outbox, with its count as state.</summary>
[GrainType("test-producer")]
public sealed class ProducerGrain([UnitOfWorkState("producer")] IUnitOfWorkState<ProducerState> state) : Grain, IProducerGrain
{
    public const string Namespace = "test";

    private IAsyncStream<TestEvent> Stream =>
        this.GetStreamProvider(TestSilos.StreamProvider).GetStream<TestEvent>(StreamId.Create(Namespace, this.GetPrimaryKeyString()));

    public Task Produce(int count) => ProduceHoldingOpen(count, 0);

    public async Task ProduceHoldingOpen(int count, int holdMilliseconds)
    {
        for (var i = 0; i < count; i++)
        {
            state.State.Count++;
            var changes = new UnitOfWork().Publish(Stream, new TestEvent(this.GetPrimaryKeyString(), state.State.Count));
            if (holdMilliseconds > 0) changes.Execute("SELECT pg_sleep(@Seconds)", new { Seconds = holdMilliseconds / 1000.0 }); // the transaction stays open
            await state.WriteStateAsync(changes);
        }
    }

    public async Task ProduceAndFail()
    {
        state.State.Count++;
        var changes = new UnitOfWork()
            .Publish(Stream, new TestEvent(this.GetPrimaryKeyString(), state.State.Count))
            .Execute("SELECT 1 / 0"); // fails after the event's insert: the whole transaction rolls back
        await state.WriteStateAsync(changes);
    }

    public async Task ProduceOnTwoProviders(string provider)
    {
        state.State.Count++;
        var other = this.GetStreamProvider(provider).GetStream<TestEvent>(StreamId.Create(Namespace, this.GetPrimaryKeyString()));
        var changes = new UnitOfWork()
            .Publish(Stream, new TestEvent(this.GetPrimaryKeyString(), state.State.Count))
            .Publish(other, new TestEvent(this.GetPrimaryKeyString(), state.State.Count));
        await state.WriteStateAsync(changes);
    }

    public Task<int> Produced() => Task.FromResult(state.State.Count);
}

[Alias("test.IRecorderGrain")]
public interface IRecorderGrain : IGrainWithStringKey
{
    /// <summary>The numbers applied, in the order they took effect.</summary>
    [Alias("Applied")] Task<ImmutableList<int>> Applied();
}

public sealed class RecorderState
{
    public StreamCheckpoints Checkpoints { get; set; } = new();
    public List<int> Applied { get; set; } = [];
}

/// <summary>
/// The implicit subscriber of the "test" and "shared" namespaces: applies each event exactly once by
/// keeping its checkpoint in the state it writes (one write per delivered batch). Raises the failures
/// <see cref="StreamLog"/> is told to.
/// </summary>
[GrainType("test-recorder")]
[ImplicitStreamSubscription(ProducerGrain.Namespace)]
[ImplicitStreamSubscription(WitnessGrain.Namespace)]
public sealed class RecorderGrain([UnitOfWorkState("recorder")] IUnitOfWorkState<RecorderState> state)
    : StreamConsumerGrain<TestEvent>, IRecorderGrain
{
    protected override async Task ApplyAsync(StreamId stream, IReadOnlyList<SequentialItem<TestEvent>> items)
    {
        StreamLog.Delivered(stream, items.Count);
        var fresh = state.State.Checkpoints.Unapplied(stream, items).ToList();
        if (fresh.Count == 0) return;
        foreach (var item in fresh)
        {
            await StreamLog.WaitWhileHeld(item.Item);
            StreamLog.ThrowIfTold(item.Item);
            state.State.Applied.Add(item.Item.Number);
        }
        state.State.Checkpoints.Record(stream, fresh);
        await state.WriteStateAsync();
    }

    public Task<ImmutableList<int>> Applied() => Task.FromResult(state.State.Applied.ToImmutableList());
}

[Alias("test.IWitnessGrain")]
public interface IWitnessGrain : IGrainWithStringKey
{
    /// <summary>The numbers applied, in the order they took effect.</summary>
    [Alias("Applied")] Task<ImmutableList<int>> Applied();
}

/// <summary>
/// A second implicit subscriber of the "shared" namespace, beside <see cref="RecorderGrain"/>, that
/// never fails: a dead letter of the recorder, replayed, must not reach it.
/// </summary>
[GrainType("test-witness")]
[ImplicitStreamSubscription(Namespace)]
public sealed class WitnessGrain([UnitOfWorkState("witness")] IUnitOfWorkState<RecorderState> state)
    : StreamConsumerGrain<TestEvent>, IWitnessGrain
{
    public const string Namespace = "shared";

    protected override async Task ApplyAsync(StreamId stream, IReadOnlyList<SequentialItem<TestEvent>> items)
    {
        var fresh = state.State.Checkpoints.Unapplied(stream, items).ToList();
        if (fresh.Count == 0) return;
        state.State.Applied.AddRange(fresh.Select(item => item.Item.Number));
        state.State.Checkpoints.Record(stream, fresh);
        await state.WriteStateAsync();
    }

    public Task<ImmutableList<int>> Applied() => Task.FromResult(state.State.Applied.ToImmutableList());
}

/// <summary>
/// What the stream test grains saw, and the failures they are told to raise. Static: the silos of a
/// test cluster run in the test's process; streams are keyed per test, so tests never share an entry.
/// </summary>
public static class StreamLog
{
    private static readonly ConcurrentQueue<(string Stream, int Count)> s_batches = new();
    private static readonly ConcurrentDictionary<(string Producer, int Number), int> s_failuresLeft = new();
    private static readonly ConcurrentDictionary<(string Producer, int Number), int> s_transientFailuresLeft = new();
    private static readonly ConcurrentDictionary<(string Producer, int Number), int> s_thrown = new();
    private static readonly ConcurrentDictionary<(string Producer, int Number), TaskCompletionSource> s_held = new();
    private static readonly ConcurrentDictionary<(string Producer, int Number), byte> s_waiting = new();

    public static void Delivered(StreamId stream, int count) => s_batches.Enqueue((stream.GetKeyAsString(), count));

    /// <summary>Delivery calls for the stream of <paramref name="producer"/> (redeliveries included) and their sizes.</summary>
    public static IReadOnlyList<int> Batches(string producer) => s_batches.Where(b => b.Stream == producer).Select(b => b.Count).ToList();

    /// <summary>The event of <paramref name="producer"/> with this number fails this many deliveries (int.MaxValue: always).</summary>
    public static void FailNumber(string producer, int number, int times) => s_failuresLeft[(producer, number)] = times;

    /// <summary>The event fails this many deliveries with a transient error (as if a grain it called timed out).</summary>
    public static void FailNumberTransiently(string producer, int number, int times) => s_transientFailuresLeft[(producer, number)] = times;

    /// <summary>The recorder's delivery of this event waits (a slow consumer) until the returned source is completed.</summary>
    public static TaskCompletionSource Hold(string producer, int number) =>
        s_held[(producer, number)] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether a delivery of the held event has started waiting.</summary>
    public static bool IsWaiting(string producer, int number) => s_waiting.ContainsKey((producer, number));

    /// <summary>Waits while the event is held (<see cref="Hold"/>).</summary>
    public static async Task WaitWhileHeld(TestEvent item)
    {
        if (!s_held.TryGetValue((item.Producer, item.Number), out var held)) return;
        s_waiting[(item.Producer, item.Number)] = 0;
        await held.Task;
    }

    /// <summary>How many failures (of either kind) the event of <paramref name="producer"/> with this number has raised.</summary>
    public static int Thrown(string producer, int number) => s_thrown.GetValueOrDefault((producer, number));

    /// <summary>Throws when the event was told to fail.</summary>
    public static void ThrowIfTold(TestEvent item)
    {
        var key = (item.Producer, item.Number);
        if (TakeOne(s_failuresLeft, key))
        {
            s_thrown.AddOrUpdate(key, 1, (_, n) => n + 1);
            throw new InvalidOperationException($"Told to fail on {item.Number}");
        }
        if (TakeOne(s_transientFailuresLeft, key))
        {
            s_thrown.AddOrUpdate(key, 1, (_, n) => n + 1);
            throw new TimeoutException($"Told to time out on {item.Number}");
        }
    }

    private static bool TakeOne(ConcurrentDictionary<(string, int), int> failuresLeft, (string, int) key)
    {
        while (failuresLeft.TryGetValue(key, out var left) && left > 0)
            if (failuresLeft.TryUpdate(key, left == int.MaxValue ? left : left - 1, left)) return true;
        return false;
    }
}
