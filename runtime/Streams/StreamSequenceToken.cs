namespace Journal.Runtime;

/// <summary>
/// The position of an event in its stream: the log's epoch (it grows when the data moves to another
/// PostgreSQL cluster, whose transaction ids start anew), the id of the transaction that published
/// the event, then its sequence number. Tokens of one stream grow in delivery order, so a consumer
/// that keeps the last token it applied can recognise any redelivery (see <see cref="StreamCheckpoints"/>).
/// </summary>
public sealed record StreamSequenceToken(int Epoch, long Transaction, long Sequence) : IComparable<StreamSequenceToken>
{
    /// <summary>Before every event.</summary>
    public static StreamSequenceToken Start { get; } = new(0, 0, 0);

    public int CompareTo(StreamSequenceToken? other)
    {
        if (other is null) return 1;
        var byEpoch = Epoch.CompareTo(other.Epoch);
        if (byEpoch != 0) return byEpoch;
        var byTransaction = Transaction.CompareTo(other.Transaction);
        return byTransaction != 0 ? byTransaction : Sequence.CompareTo(other.Sequence);
    }

    public static bool operator <(StreamSequenceToken left, StreamSequenceToken right) => left.CompareTo(right) < 0;
    public static bool operator >(StreamSequenceToken left, StreamSequenceToken right) => left.CompareTo(right) > 0;
    public static bool operator <=(StreamSequenceToken left, StreamSequenceToken right) => left.CompareTo(right) <= 0;
    public static bool operator >=(StreamSequenceToken left, StreamSequenceToken right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{Epoch}:{Transaction}:{Sequence}";
}
