using Journal.Persistence.Storage;
using Journal.Persistence.Streams;
using Orleans.Streams;

namespace Journal.Tests.CrashHost;

/// <summary>The event of the crash test: the producer's running number.</summary>
[GenerateSerializer, Immutable, Alias("crash.CrashEvent")]
public sealed record CrashEvent(int Number);

[Alias("crash.ICrashProducerGrain")]
public interface ICrashProducerGrain : IGrainWithStringKey
{
    [Alias("Produce")] Task Produce();
}

public sealed class CrashProducerState
{
    public int Count { get; set; }
}

/// <summary>Counts in its state and publishes each number through the outbox, in the same transaction.</summary>
[GrainType("crash-producer")]
public sealed class CrashProducerGrain([UnitOfWorkState("producer")] IUnitOfWorkState<CrashProducerState> state) : Grain, ICrashProducerGrain
{
    public const string Namespace = "crash";

    public async Task Produce()
    {
        state.State.Count++;
        var stream = this.GetStreamProvider(OutboxStreams.Default).GetStream<CrashEvent>(StreamId.Create(Namespace, this.GetPrimaryKeyString()));
        await state.WriteStateAsync(new UnitOfWork().Publish(stream, new CrashEvent(state.State.Count)));
    }
}

/// <summary>The consumer's identity (Orleans registers grain classes by their grain interfaces); it has no methods of its own.</summary>
[Alias("crash.ICrashConsumerGrain")]
public interface ICrashConsumerGrain : IGrainWithStringKey;

public sealed class CrashConsumerState
{
    public StreamCheckpoints Checkpoints { get; set; } = new();
}

/// <summary>
/// Applies each number as one row of <c>crash_effects</c>, in the transaction that also stores its
/// checkpoint: a redelivered number must not produce a second row.
/// </summary>
[GrainType("crash-consumer")]
[ImplicitStreamSubscription(CrashProducerGrain.Namespace)]
public sealed class CrashConsumerGrain([UnitOfWorkState("consumer")] IUnitOfWorkState<CrashConsumerState> state) : StreamConsumerGrain<CrashEvent>, ICrashConsumerGrain
{
    protected override async Task ApplyAsync(StreamId stream, IReadOnlyList<SequentialItem<CrashEvent>> items)
    {
        var fresh = state.State.Checkpoints.Unapplied(stream, items).ToList();
        if (fresh.Count == 0) return;
        var changes = new UnitOfWork();
        foreach (var item in fresh)
            changes.Execute("INSERT INTO crash_effects (stream_key, number) VALUES (@Key, @Number)", new { Key = stream.GetKeyAsString(), item.Item.Number });
        state.State.Checkpoints.Record(stream, fresh);
        await state.WriteStateAsync(changes);
    }
}
