using Journal.Runtime;

namespace Journal.Tests.CrashHost;

/// <summary>The event of the crash test: the producer's running number.</summary>
public sealed record CrashEvent(int Number);

public interface ICrashProducerGrain : IGrainWithStringKey
{
    Task Produce();
}

public sealed class CrashProducerState
{
    public int Count { get; set; }
}

/// <summary>Counts in its state and publishes each number through the outbox, in the same transaction.</summary>
public sealed class CrashProducerGrain([PersistentState("producer")] IPersistentState<CrashProducerState> state) : Grain, ICrashProducerGrain
{
    public const string Namespace = "crash";

    public async Task Produce()
    {
        state.State.Count++;
        var stream = GetStreamProvider().GetStream<CrashEvent>(StreamId.Create(Namespace, GetPrimaryKeyString()));
        await state.WriteStateAsync(new UnitOfWork().Publish(stream, new CrashEvent(state.State.Count)));
    }
}

public sealed class CrashConsumerState
{
    public StreamCheckpoints Checkpoints { get; set; } = new();
}

/// <summary>
/// Applies each number as one row of <c>crash_effects</c>, in the transaction that also stores its
/// checkpoint: a redelivered number must not produce a second row.
/// </summary>
[ImplicitStreamSubscription(CrashProducerGrain.Namespace)]
public sealed class CrashConsumerGrain([PersistentState("consumer")] IPersistentState<CrashConsumerState> state) : Grain, IStreamSubscriber<CrashEvent>
{
    public async Task OnNextAsync(StreamId stream, IReadOnlyList<StreamItem<CrashEvent>> items)
    {
        var fresh = state.State.Checkpoints.Unapplied(stream, items).ToList();
        if (fresh.Count == 0) return;
        var changes = new UnitOfWork();
        foreach (var item in fresh)
            changes.Execute("INSERT INTO crash_effects (stream_key, number) VALUES (@Key, @Number)", new { stream.Key, item.Item.Number });
        state.State.Checkpoints.Record(stream, fresh);
        await state.WriteStateAsync(changes);
    }
}
