using System.Collections.Concurrent;
using System.Diagnostics;
using Journal.Runtime;

namespace Journal.Bench.Grains;

public sealed record BenchEvent(int Number);

public interface IBenchProducerGrain : IGrainWithStringKey
{
    /// <summary>Counts <paramref name="events"/> up, and publishes each number through the outbox, all in one transaction.</summary>
    Task Produce(int events);
}

public sealed class BenchProducerState
{
    public int Count { get; set; }
}

public sealed class BenchProducerGrain([PersistentState("producer")] IPersistentState<BenchProducerState> state, PipelineProbe probe)
    : Grain, IBenchProducerGrain
{
    public const string Namespace = "bench";

    public async Task Produce(int events)
    {
        var stream = GetStreamProvider().GetStream<BenchEvent>(StreamId.Create(Namespace, GetPrimaryKeyString()));
        var changes = new UnitOfWork();
        var first = state.State.Count + 1;
        for (var i = 0; i < events; i++) changes.Publish(stream, new BenchEvent(++state.State.Count));
        await state.WriteStateAsync(changes);
        for (var number = first; number <= state.State.Count; number++) probe.Committed(GetPrimaryKeyString(), number);
    }
}

public sealed class BenchConsumerState
{
    public StreamCheckpoints Checkpoints { get; set; } = new();
    public long Applied { get; set; }
}

/// <summary>Applies a delivered batch with one state write (checkpoint included), as the product's consumers do.</summary>
[ImplicitStreamSubscription(BenchProducerGrain.Namespace)]
public sealed class BenchConsumerGrain([PersistentState("consumer")] IPersistentState<BenchConsumerState> state, PipelineProbe probe)
    : Grain, IStreamSubscriber<BenchEvent>
{
    public async Task OnNextAsync(StreamId stream, IReadOnlyList<StreamItem<BenchEvent>> items)
    {
        var fresh = state.State.Checkpoints.Unapplied(stream, items).ToList();
        if (fresh.Count == 0) return;
        foreach (var item in fresh) probe.TurnStarted(stream.Key, item.Item.Number);
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
