namespace Journal.Runtime;

/// <summary>
/// Where a stream provider keeps its events, partition cursors and dead letters: PostgreSQL, or
/// memory for tests. The pulling agents and the delivery rules on top are the same for both.
/// </summary>
internal interface IStreamQueue
{
    /// <summary>Appends events, in order, in a transaction of their own.</summary>
    Task AppendAsync(IReadOnlyList<PendingEvent> events, CancellationToken cancellationToken);

    /// <summary>Adds the event to <paramref name="unitOfWork"/>, so it exists iff the unit of work commits.</summary>
    void Enlist(UnitOfWork unitOfWork, PendingEvent pendingEvent);

    /// <summary>
    /// The next events of a partition after <paramref name="after"/>, in delivery order, and only
    /// those that no still-running transaction can precede.
    /// </summary>
    Task<PartitionBatch> ReadPartitionAsync(int partition, StreamSequenceToken after, int limit, CancellationToken cancellationToken);

    /// <summary>The retained events of one stream after <paramref name="after"/>, in delivery order (catch-up).</summary>
    Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(StreamId stream, StreamSequenceToken after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Runs before anything is appended or read: records the partition count, or adopts a changed one
    /// once every event is delivered, and starts a new epoch when the stored positions came from
    /// another PostgreSQL cluster. Returns why it cannot start (undelivered events were hashed with
    /// another count), else null.
    /// </summary>
    Task<string?> PrepareAsync(int partitions, CancellationToken cancellationToken);

    Task<StreamSequenceToken> LoadCursorAsync(int partition, CancellationToken cancellationToken);

    /// <param name="durable">Wait for the commit to be flushed: past a dead letter, a lost cursor would deliver the event again.</param>
    Task SaveCursorAsync(int partition, StreamSequenceToken cursor, bool durable, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes events older than <paramref name="retention"/> that their partition's cursor has passed,
    /// in short transactions (a long one would hold every reader's guard back); returns how many.
    /// </summary>
    Task<int> TrimAsync(TimeSpan retention, CancellationToken cancellationToken);

    Task AddDeadLetterAsync(string consumer, StoredEvent failed, string error, int attempts, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(int limit, CancellationToken cancellationToken);

    Task<DeadLetter?> GetDeadLetterAsync(long id, CancellationToken cancellationToken);

    /// <summary>Claims a dead letter for a replay until <paramref name="lease"/> has passed; false when another replay holds it.</summary>
    Task<bool> TryClaimDeadLetterAsync(long id, TimeSpan lease, CancellationToken cancellationToken);

    Task RemoveDeadLetterAsync(long id, CancellationToken cancellationToken);

    /// <summary>Records a failed replay and releases the claim.</summary>
    Task UpdateDeadLetterAsync(long id, string error, int attempts, CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="wake"/> with a partition whenever events were committed to it, until cancelled.</summary>
    Task ListenAsync(Action<int> wake, CancellationToken cancellationToken);
}

/// <summary>An event about to be appended: its stream, partition and JSON payload.</summary>
internal sealed record PendingEvent(StreamId Stream, int Partition, string EventType, string Payload);

/// <summary>An event as stored, with its position; <paramref name="IsReplay"/> when it comes from a dead letter.</summary>
internal sealed record StoredEvent(StreamId Stream, StreamSequenceToken Token, string EventType, string Payload, DateTimeOffset CreatedAt,
    bool IsReplay = false);

/// <summary>
/// What a partition read returned. <paramref name="HeldBack"/>: committed events exist that are not
/// readable yet because an older transaction is still running (read again soon).
/// </summary>
internal sealed record PartitionBatch(IReadOnlyList<StoredEvent> Events, bool HeldBack);
