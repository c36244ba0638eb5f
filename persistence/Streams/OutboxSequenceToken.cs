using Orleans.Streams;

namespace Journal.Persistence.Streams;

/// <summary>
/// Orleans' sequence token for an outbox event: its <see cref="OutboxPosition"/>, and for a replayed
/// dead letter the consumer it is meant for (other consumers of the stream skip it).
/// </summary>
[GenerateSerializer, Immutable, Alias("journal.outbox-token")]
public sealed class OutboxSequenceToken : StreamSequenceToken
{
    public OutboxSequenceToken(OutboxPosition position, string? replayFor = null)
    {
        Epoch = position.Epoch;
        Transaction = position.Transaction;
        SequenceNumber = position.Sequence;
        ReplayFor = replayFor;
    }

    [Id(0)] public int Epoch { get; private set; }

    [Id(1)] public long Transaction { get; private set; }

    [Id(2)] public override long SequenceNumber { get; protected set; }

    /// <summary>Each event is its own batch entry: there is no index within one.</summary>
    public override int EventIndex { get => 0; protected set { } }

    /// <summary>The grain id of the consumer a replayed dead letter is for; null for every ordinary event.</summary>
    [Id(3)] public string? ReplayFor { get; private set; }

    // Made once per token: Orleans' queue cache compares tokens many times per event, and a new
    // position per comparison was 4 % of a check-in's allocations (docs/PERFORMANCE.md).
    [NonSerialized] private OutboxPosition? _position;

    public OutboxPosition Position => _position ??= new(Epoch, Transaction, SequenceNumber);

    public override bool Equals(StreamSequenceToken? other) => other is OutboxSequenceToken token && Position == token.Position;

    public override bool Equals(object? obj) => Equals(obj as StreamSequenceToken);

    public override int GetHashCode() => HashCode.Combine(Epoch, Transaction, SequenceNumber);

    public override int CompareTo(StreamSequenceToken? other) => other switch
    {
        null => 1,
        OutboxSequenceToken token => Position.CompareTo(token.Position),
        _ => throw new ArgumentException($"An outbox token cannot be compared with a {other.GetType().Name}.", nameof(other)),
    };

    public override string ToString() => ReplayFor is null ? Position.ToString() : $"{Position} (replay for {ReplayFor})";
}
