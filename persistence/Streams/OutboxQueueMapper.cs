using Orleans.Streams;

namespace Journal.Persistence.Streams;

/// <summary>
/// Maps streams to partitions (Orleans queues) with a stable hash (FNV-1a of namespace, '/', key):
/// the same stream lands in the same partition in every process and every version, which the
/// <c>partition</c> column of stored events relies on. Queues sit evenly on Orleans' consistent ring,
/// so the ring balancer spreads them over the silos.
/// </summary>
public sealed class OutboxQueueMapper : IConsistentRingStreamQueueMapper
{
    private readonly QueueId[] _queues;

    public OutboxQueueMapper(string provider, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var portion = (uint)(((long)uint.MaxValue + 1) / partitions);
        _queues = Enumerable.Range(0, partitions).Select(p => QueueId.GetQueueId(provider, (uint)p, (uint)p * portion)).ToArray();
    }

    public int Partitions => _queues.Length;

    public IEnumerable<QueueId> GetAllQueues() => _queues;

    public QueueId GetQueueForStream(StreamId streamId) => _queues[PartitionOf(streamId)];

    public IEnumerable<QueueId> GetQueuesForRange(IRingRange range) => _queues.Where(q => range.InRange(q.GetUniformHashCode()));

    public int PartitionOf(StreamId streamId) => PartitionOf(streamId.GetNamespace() ?? "", streamId.GetKeyAsString(), _queues.Length);

    public static int PartitionOf(string streamNamespace, string key, int partitions)
    {
        var hash = 2166136261u;
        foreach (var c in streamNamespace) hash = (hash ^ c) * 16777619u;
        hash = (hash ^ '/') * 16777619u;
        foreach (var c in key) hash = (hash ^ c) * 16777619u;
        return (int)(hash % (uint)partitions);
    }

    /// <summary>The partition a queue of this mapper stands for.</summary>
    public static int PartitionOf(QueueId queue) => (int)queue.GetNumericId();
}
