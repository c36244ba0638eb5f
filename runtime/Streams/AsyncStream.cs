namespace Journal.Runtime;

/// <summary>A stream of one provider; cheap to create, holds nothing but its id.</summary>
internal sealed class AsyncStream<T>(StreamProvider provider, StreamId streamId) : IAsyncStream<T>
{
    public StreamId StreamId => streamId;

    public Task OnNextAsync(T item, CancellationToken cancellationToken = default) =>
        provider.Queue.AppendAsync([Encode(item)], cancellationToken);

    public Task OnNextBatchAsync(IEnumerable<T> items, CancellationToken cancellationToken = default) =>
        provider.Queue.AppendAsync(items.Select(Encode).ToList(), cancellationToken);

    public Task<StreamSubscriptionHandle> SubscribeAsync(Func<T, StreamSequenceToken, Task> onNextAsync, StreamSequenceToken? after = null,
        CancellationToken cancellationToken = default) =>
        provider.SubscribeAsync(streamId, onNextAsync, after, cancellationToken);

    /// <summary>Adds the event to the unit of work (the outbox write); see <see cref="UnitOfWork.Publish{T}"/>.</summary>
    public void Enlist(UnitOfWork unitOfWork, T item) => provider.Queue.Enlist(unitOfWork, Encode(item));

    private PendingEvent Encode(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new PendingEvent(streamId, provider.PartitionOf(streamId), item.GetType().Name, StreamJson.Serialize(item));
    }
}
