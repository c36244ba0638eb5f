namespace Journal.Runtime;

/// <summary>
/// The last token a consumer applied, per stream. Keep it in the consumer grain's persistent state:
/// it is then written in the same transaction as the effects (the state write and its
/// <see cref="UnitOfWork"/>), so a redelivered event is recognised and skipped, and each event takes
/// effect exactly once across crashes and retries.
/// </summary>
public sealed class StreamCheckpoints
{
    /// <summary>Last applied token by stream ("namespace/key"); public for serialization.</summary>
    public Dictionary<string, StreamSequenceToken> Applied { get; set; } = new(StringComparer.Ordinal);

    public StreamSequenceToken? LastApplied(StreamId stream) => Applied.GetValueOrDefault(stream.ToString());

    /// <summary>
    /// The items not applied yet, in order: those after the last applied token, and replayed dead
    /// letters (a dead-lettered event never took effect: its consumer failed every time).
    /// </summary>
    public IEnumerable<StreamItem<T>> Unapplied<T>(StreamId stream, IEnumerable<StreamItem<T>> items)
    {
        var last = LastApplied(stream);
        return last is null ? items : items.Where(item => item.IsReplay || item.Token > last);
    }

    /// <summary>Records that everything up to <paramref name="token"/> took effect (a replayed, older token changes nothing); write the state with the effects.</summary>
    public void Record(StreamId stream, StreamSequenceToken token)
    {
        var last = LastApplied(stream);
        if (last is null || token > last) Applied[stream.ToString()] = token;
    }
}
