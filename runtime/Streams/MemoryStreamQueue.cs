namespace Journal.Runtime;

/// <summary>
/// Streams in this process only (tests). Appends are numbered under one lock, so events never
/// become visible out of order; an event enlisted in a unit of work is appended once it commits.
/// </summary>
internal sealed class MemoryStreamQueue : IStreamQueue
{
    private readonly object _lock = new();
    private readonly List<StoredEvent> _events = [];
    private readonly Dictionary<int, StreamSequenceToken> _cursors = [];
    private readonly Dictionary<StoredEvent, int> _partitions = new(ReferenceEqualityComparer.Instance);
    private readonly SortedDictionary<long, DeadLetter> _deadLetters = [];
    private readonly HashSet<long> _replaying = [];
    private long _sequence;
    private long _deadLetterId;
    private Action<int>? _wake;

    public Task AppendAsync(IReadOnlyList<PendingEvent> events, CancellationToken cancellationToken)
    {
        Append(events);
        return Task.CompletedTask;
    }

    public void Enlist(UnitOfWork unitOfWork, PendingEvent pendingEvent) => unitOfWork.OnCommitted(() => Append([pendingEvent]));

    private void Append(IReadOnlyList<PendingEvent> events)
    {
        lock (_lock)
        {
            foreach (var pending in events)
            {
                _sequence++;
                var stored = new StoredEvent(pending.Stream, new StreamSequenceToken(0, _sequence, _sequence), pending.EventType, pending.Payload, DateTimeOffset.UtcNow);
                _events.Add(stored);
                _partitions[stored] = pending.Partition;
            }
        }
        foreach (var partition in events.Select(e => e.Partition).Distinct()) _wake?.Invoke(partition);
    }

    public Task<PartitionBatch> ReadPartitionAsync(int partition, StreamSequenceToken after, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult(new PartitionBatch(After(after).Where(e => _partitions[e] == partition).Take(limit).ToList(), HeldBack: false));
    }

    public Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(StreamId stream, StreamSequenceToken after, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<StoredEvent>>(After(after).Where(e => e.Stream == stream).Take(limit).ToList());
    }

    private IEnumerable<StoredEvent> After(StreamSequenceToken after) => _events.Where(e => e.Token > after);

    // Nothing outlives the process: no event was hashed with another count or written by another cluster.
    public Task<string?> PrepareAsync(int partitions, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public Task<StreamSequenceToken> LoadCursorAsync(int partition, CancellationToken cancellationToken)
    {
        lock (_lock) return Task.FromResult(_cursors.GetValueOrDefault(partition, StreamSequenceToken.Start));
    }

    public Task SaveCursorAsync(int partition, StreamSequenceToken cursor, bool durable, CancellationToken cancellationToken)
    {
        lock (_lock) _cursors[partition] = cursor;
        return Task.CompletedTask;
    }

    public Task<int> TrimAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        var cutoff = DateTimeOffset.UtcNow - retention;
        lock (_lock)
        {
            var removed = _events.RemoveAll(e =>
                e.CreatedAt < cutoff && _cursors.TryGetValue(_partitions[e], out var cursor) && e.Token <= cursor && _partitions.Remove(e));
            return Task.FromResult(removed);
        }
    }

    public Task AddDeadLetterAsync(string consumer, StoredEvent failed, string error, int attempts, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var id = ++_deadLetterId;
            _deadLetters[id] = new DeadLetter(id, consumer, failed.Stream, failed.Token, failed.EventType, failed.Payload, error, attempts, DateTimeOffset.UtcNow);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(int limit, CancellationToken cancellationToken)
    {
        lock (_lock) return Task.FromResult<IReadOnlyList<DeadLetter>>(_deadLetters.Values.Take(limit).ToList());
    }

    public Task<DeadLetter?> GetDeadLetterAsync(long id, CancellationToken cancellationToken)
    {
        lock (_lock) return Task.FromResult(_deadLetters.GetValueOrDefault(id));
    }

    // No lease: a claim cannot outlive this process.
    public Task<bool> TryClaimDeadLetterAsync(long id, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (_lock) return Task.FromResult(_deadLetters.ContainsKey(id) && _replaying.Add(id));
    }

    public Task RemoveDeadLetterAsync(long id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _deadLetters.Remove(id);
            _replaying.Remove(id);
        }
        return Task.CompletedTask;
    }

    public Task UpdateDeadLetterAsync(long id, string error, int attempts, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_deadLetters.TryGetValue(id, out var letter))
                _deadLetters[id] = letter with { Error = error, Attempts = attempts, FailedAt = DateTimeOffset.UtcNow };
            _replaying.Remove(id);
        }
        return Task.CompletedTask;
    }

    public async Task ListenAsync(Action<int> wake, CancellationToken cancellationToken)
    {
        _wake = wake;
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _wake = null;
        }
    }
}
