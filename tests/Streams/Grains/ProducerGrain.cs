using Journal.Runtime;

namespace Journal.Tests.Streams.Grains;

public interface IProducerGrain : IGrainWithStringKey
{
    /// <summary>Publishes the next <paramref name="count"/> numbers, one state write (and transaction) each.</summary>
    Task Produce(int count);

    /// <summary>Like <see cref="Produce"/>, but each transaction stays open <paramref name="holdMilliseconds"/> after its insert.</summary>
    Task ProduceHoldingOpen(int count, int holdMilliseconds);

    /// <summary>Publishes the next number in a unit of work that then fails: nothing may remain.</summary>
    Task ProduceAndFail();

    Task<int> Produced();
}

public sealed class ProducerState
{
    public int Count { get; set; }
}

/// <summary>Publishes <see cref="TestEvent"/>s on its own stream ("test", key) through the outbox, with its count as state.</summary>
public sealed class ProducerGrain([PersistentState("producer")] IPersistentState<ProducerState> state) : Grain, IProducerGrain
{
    public const string Namespace = "test";

    private IAsyncStream<TestEvent> Stream => GetStreamProvider().GetStream<TestEvent>(StreamId.Create(Namespace, GetPrimaryKeyString()));

    public Task Produce(int count) => ProduceHoldingOpen(count, 0);

    public async Task ProduceHoldingOpen(int count, int holdMilliseconds)
    {
        for (var i = 0; i < count; i++)
        {
            state.State.Count++;
            var changes = new UnitOfWork().Publish(Stream, new TestEvent(GetPrimaryKeyString(), state.State.Count));
            if (holdMilliseconds > 0) changes.Add((_, _, ct) => Task.Delay(holdMilliseconds, ct));
            await state.WriteStateAsync(changes);
        }
    }

    public async Task ProduceAndFail()
    {
        state.State.Count++;
        var changes = new UnitOfWork()
            .Publish(Stream, new TestEvent(GetPrimaryKeyString(), state.State.Count))
            .Execute("SELECT 1 / 0"); // fails after the event's insert: the whole transaction rolls back
        await state.WriteStateAsync(changes);
    }

    public Task<int> Produced() => Task.FromResult(state.State.Count);
}
