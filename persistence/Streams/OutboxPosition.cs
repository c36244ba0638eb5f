namespace Journal.Persistence.Streams;

/// <summary>
/// Where an event sits in the log: the epoch (it grows when the data moves to another PostgreSQL
/// cluster, whose transaction ids start anew), the id of the transaction that published the event,
/// then its sequence number. Positions of one partition grow in delivery order, so a consumer that
/// keeps the last position it applied recognises any redelivery (<see cref="StreamCheckpoints"/>).
/// Stored in consumers' state as JSON: keep the property names.
/// </summary>
public sealed record OutboxPosition(int Epoch, long Transaction, long Sequence) : IComparable<OutboxPosition>
{
    /// <summary>Before every event.</summary>
    public static OutboxPosition Start { get; } = new(0, 0, 0);

    /// <summary>A position as SQL reads it: the transaction id (xid8) comes as text, which Npgsql reads without a type mapping.</summary>
    public static OutboxPosition FromRow(int epoch, string transaction, long sequence) => new(epoch, long.Parse(transaction), sequence);

    public int CompareTo(OutboxPosition? other)
    {
        if (other is null) return 1;
        var byEpoch = Epoch.CompareTo(other.Epoch);
        if (byEpoch != 0) return byEpoch;
        var byTransaction = Transaction.CompareTo(other.Transaction);
        return byTransaction != 0 ? byTransaction : Sequence.CompareTo(other.Sequence);
    }

    public static bool operator <(OutboxPosition left, OutboxPosition right) => left.CompareTo(right) < 0;
    public static bool operator >(OutboxPosition left, OutboxPosition right) => left.CompareTo(right) > 0;
    public static bool operator <=(OutboxPosition left, OutboxPosition right) => left.CompareTo(right) <= 0;
    public static bool operator >=(OutboxPosition left, OutboxPosition right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{Epoch}:{Transaction}:{Sequence}";
}
