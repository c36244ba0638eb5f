using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Journal.Persistence.Streams;

/// <summary>
/// Orleans' simple queue cache, which also tells its partition's receiver what every consumer has
/// taken when the pulling agent stops. Orleans reports delivered events only when its next read purges
/// them from the cache; the events delivered since the last read would otherwise be missing from the
/// cursor stored at a graceful stop, and come again. At shutdown the agent reports its consumers'
/// progress (<see cref="UpdateDeliveryProgress"/>) only when no stream's subscriber registration is
/// pending and every consumer has taken events (its reads purge under the weaker first condition), so
/// the purge here never takes an event a consumer has yet to get.
/// </summary>
internal sealed class OutboxQueueCache(int cacheSize, ILogger logger) : SimpleQueueCache(cacheSize, logger), IQueueCache
{
    /// <summary>Receives the events purged outside the agent's reads (set by the partition's receiver).</summary>
    public Action<IList<IBatchContainer>>? Delivered { get; set; }

    public void UpdateDeliveryProgress(StreamSequenceToken? earliestSubscriptionToken, DateTime utcNow)
    {
        if (Delivered is { } delivered && TryPurgeFromCache(out var purged)) delivered(purged);
    }
}

/// <summary>Creates the <see cref="OutboxQueueCache"/> of each partition and hands it to the partition's receiver, created next by the agent.</summary>
internal sealed class OutboxQueueAdapterCache(string provider, ILoggerFactory loggers) : IQueueAdapterCache
{
    private readonly int _cacheSize = new SimpleQueueCacheOptions().CacheSize;
    private readonly ConcurrentDictionary<QueueId, OutboxQueueCache> _unclaimed = new();

    public IQueueCache CreateQueueCache(QueueId queueId) =>
        _unclaimed[queueId] = new OutboxQueueCache(_cacheSize, loggers.CreateLogger($"{typeof(SimpleQueueCache).FullName}.{provider}.{queueId}"));

    /// <summary>The cache the agent of <paramref name="queueId"/> just created, or null.</summary>
    public OutboxQueueCache? Claim(QueueId queueId) => _unclaimed.TryRemove(queueId, out var cache) ? cache : null;
}
