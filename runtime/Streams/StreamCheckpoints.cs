namespace Journal.Runtime;

/// <summary>
/// The last token a consumer applied, per stream. Keep it in the consumer grain's persistent state:
/// it is then written in the same transaction as the effects (the state write and its
/// <see cref="UnitOfWork"/>), so a redelivered event is recognised and skipped, and each event takes
/// effect exactly once across crashes and retries. Replayed dead letters come out of order, so they
/// are recognised by their own token instead.
/// </summary>
public sealed class StreamCheckpoints
{
    /// <summary>How many replayed tokens are remembered per stream (replays are rare and one at a time).</summary>
    private const int RememberedReplays = 64;

    /// <summary>Last applied token by stream ("namespace/key"); public for serialization.</summary>
    public Dictionary<string, StreamSequenceToken> Applied { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The most recent replayed dead letters applied, by stream; public for serialization.</summary>
    public Dictionary<string, List<StreamSequenceToken>> Replayed { get; set; } = new(StringComparer.Ordinal);

    public StreamSequenceToken? LastApplied(StreamId stream) => Applied.GetValueOrDefault(stream.ToString());

    /// <summary>
    /// The items not applied yet, in order: those after the last applied token, and replayed dead
    /// letters not applied before (a dead-lettered event never took effect: its consumer failed every
    /// time). An event applied as a replay is not applied again when it comes in order.
    /// </summary>
    public IEnumerable<StreamItem<T>> Unapplied<T>(StreamId stream, IEnumerable<StreamItem<T>> items)
    {
        var last = LastApplied(stream);
        var replayed = Replayed.GetValueOrDefault(stream.ToString());
        return items.Where(item => replayed?.Contains(item.Token) != true && (item.IsReplay || last is null || item.Token > last));
    }

    /// <summary>Records that <paramref name="applied"/> took effect; write the state with the effects.</summary>
    public void Record<T>(StreamId stream, IEnumerable<StreamItem<T>> applied)
    {
        var key = stream.ToString();
        foreach (var item in applied)
        {
            if (item.IsReplay)
            {
                if (!Replayed.TryGetValue(key, out var replayed)) Replayed[key] = replayed = [];
                replayed.Add(item.Token);
                if (replayed.Count > RememberedReplays) replayed.RemoveAt(0);
            }
            else if (!Applied.TryGetValue(key, out var last) || item.Token > last)
            {
                Applied[key] = item.Token;
            }
        }
    }
}
