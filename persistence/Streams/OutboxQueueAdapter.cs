using Journal.Persistence.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Journal.Persistence.Streams;

/// <summary>
/// Orleans' queue adapter over the outbox. Inside a grain's unit of work, events are inserted with
/// the state write (<see cref="UnitOfWork.Publish{T}"/>); a stream's <c>OnNextAsync</c> outside one
/// comes here and is appended in a transaction of its own. Each partition is read by one receiver.
/// </summary>
internal sealed class OutboxQueueAdapter(OutboxLog log, OutboxListener listener, OutboxQueueAdapterCache caches, OutboxStreamOptions options,
    OutboxMetrics metrics, ILoggerFactory loggers)
    : IQueueAdapter
{
    public string Name => log.Provider;

    // The log is durable and re-readable, but Orleans' rewind (subscribing from an old token) is not offered.
    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        if (token is not null) throw new ArgumentException("Outbox streams assign positions themselves; publish without a sequence token.", nameof(token));
        var encoded = events.Select(item =>
        {
            ArgumentNullException.ThrowIfNull(item);
            return (item.GetType().Name, GrainStateJson.Serialize(item));
        }).ToList();
        return log.AppendAsync(streamId, encoded, CancellationToken.None);
    }

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId)
    {
        var receiver = new OutboxQueueReceiver(OutboxQueueMapper.PartitionOf(queueId), log, listener, options, metrics, loggers.CreateLogger<OutboxQueueReceiver>());
        // The agent creates its queue's cache, then its receiver. (MessagesDeliveredAsync completes at once.)
        if (caches.Claim(queueId) is { } cache) cache.Delivered = messages => _ = receiver.MessagesDeliveredAsync(messages, CancellationToken.None);
        return receiver;
    }
}
