using System.Collections.Concurrent;
using System.Diagnostics;
using Journal.Persistence.Storage;
using Journal.Persistence.Streams;
using Orleans.Streams;

namespace Journal.Bench.Grains;

[GenerateSerializer, Immutable, Alias("bench.BenchEvent")]
public sealed record BenchEvent(int Number);

[Alias("bench.IBenchProducerGrain")]
public interface IBenchProducerGrain : IGrainWithStringKey
{
    /// <summary>Counts <paramref name="events"/> up, and publishes each number through the outbox, all in one transaction.</summary>
    [Alias("Produce")]
    Task Produce(int events);
}

public sealed class BenchProducerState
{
    public int Count { get; set; }
}

[GrainType("bench-producer")]
public sealed class BenchProducerGrain([UnitOfWorkState("producer")] IUnitOfWorkState<BenchProducerState> state, PipelineProbe probe)
    : Grain, IBenchProducerGrain
{
    public const string Namespace = "bench";

    public async Task Produce(int events)
    {
        var key = this.GetPrimaryKeyString();
        var stream = this.GetStreamProvider(OutboxStreams.Default).GetStream<BenchEvent>(StreamId.Create(Namespace, key));
        var changes = new UnitOfWork();
        var first = state.State.Count + 1;
        for (var i = 0; i < events; i++) changes.Publish(stream, new BenchEvent(++state.State.Count));
        await state.WriteStateAsync(changes);
        for (var number = first; number <= state.State.Count; number++) probe.Committed(key, number);
    }
}

/// <summary>The consumer's identity (Orleans registers grain classes, and their subscriptions, by their grain interfaces); no methods.</summary>
[Alias("bench.IBenchConsumerGrain")]
public interface IBenchConsumerGrain : IGrainWithStringKey;

public sealed class BenchConsumerState
{
    public StreamCheckpoints Checkpoints { get; set; } = new();
    public long Applied { get; set; }
}

/// <summary>Applies a delivered batch with one state write (checkpoint included), as the product's consumers do.</summary>
[GrainType("bench-consumer")]
[ImplicitStreamSubscription(BenchProducerGrain.Namespace)]
public sealed class BenchConsumerGrain([UnitOfWorkState("consumer")] IUnitOfWorkState<BenchConsumerState> state, PipelineProbe probe)
    : StreamConsumerGrain<BenchEvent>, IBenchConsumerGrain
{
    protected override async Task ApplyAsync(StreamId stream, IReadOnlyList<SequentialItem<BenchEvent>> items)
    {
        var fresh = state.State.Checkpoints.Unapplied(stream, items).ToList();
        if (fresh.Count == 0) return;
        var producer = stream.GetKeyAsString();
        foreach (var item in fresh) probe.TurnStarted(producer, item.Item.Number);
        state.State.Applied += fresh.Count;
        state.State.Checkpoints.Record(stream, fresh);
        await state.WriteStateAsync();
        probe.Applied(fresh.Count);
    }
}

/// <summary>Commit times by event, and from them the latency from a producer's commit to the consumer turn that sees the event.</summary>
public sealed class PipelineProbe
{
    private readonly ConcurrentDictionary<(string, int), long> _committedAt = new();
    private readonly ConcurrentQueue<double> _latenciesMs = new();
    private long _applied;
    private long _batches;

    public long AppliedCount => Interlocked.Read(ref _applied);

    public long Batches => Interlocked.Read(ref _batches);

    public void Committed(string producer, int number) => _committedAt[(producer, number)] = Stopwatch.GetTimestamp();

    public void TurnStarted(string producer, int number)
    {
        // The commit is recorded when WriteStateAsync returns, which can come after the agent
        // already delivered: then the latency is below what can be measured here, so count it as 0.
        var now = Stopwatch.GetTimestamp();
        _latenciesMs.Enqueue(_committedAt.TryRemove((producer, number), out var committed) ? Stopwatch.GetElapsedTime(committed, now).TotalMilliseconds : 0);
    }

    public void Applied(int count)
    {
        Interlocked.Add(ref _applied, count);
        Interlocked.Increment(ref _batches);
    }

    public double[] DrainLatencies()
    {
        var drained = new List<double>();
        while (_latenciesMs.TryDequeue(out var latency)) drained.Add(latency);
        return [.. drained.Order()];
    }
}
