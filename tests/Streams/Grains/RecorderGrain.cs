using System.Collections.Immutable;
using Journal.Runtime;

namespace Journal.Tests.Streams.Grains;

public interface IRecorderGrain : IGrainWithStringKey
{
    /// <summary>The numbers applied, in the order they took effect.</summary>
    Task<ImmutableList<int>> Applied();
}

public sealed class RecorderState
{
    public StreamCheckpoints Checkpoints { get; set; } = new();
    public List<int> Applied { get; set; } = [];
}

/// <summary>
/// The implicit subscriber of the "test" namespace: applies each event exactly once by keeping its
/// checkpoint in the state it writes (one write per delivered batch).
/// </summary>
[ImplicitStreamSubscription(ProducerGrain.Namespace)]
public sealed class RecorderGrain([PersistentState("recorder")] IPersistentState<RecorderState> state, StreamLog log)
    : Grain, IRecorderGrain, IStreamSubscriber<TestEvent>
{
    public async Task OnNextAsync(StreamId stream, IReadOnlyList<StreamItem<TestEvent>> items)
    {
        log.Delivered(stream, items.Count);
        var fresh = state.State.Checkpoints.Unapplied(stream, items).ToList();
        if (fresh.Count == 0) return;
        foreach (var item in fresh)
        {
            log.ThrowIfTold(item.Item.Number);
            state.State.Applied.Add(item.Item.Number);
        }
        state.State.Checkpoints.Record(stream, fresh);
        await state.WriteStateAsync();
    }

    public Task<ImmutableList<int>> Applied() => Task.FromResult(state.State.Applied.ToImmutableList());
}
