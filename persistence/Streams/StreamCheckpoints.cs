using Orleans.Streams;

namespace Journal.Persistence.Streams;

/// <summary>
/// The last position a consumer applied, per stream. Keep it in the consumer grain's persistent
/// state: it is then written in the same transaction as the effects, so a redelivered event is
/// recognised and skipped, and each event takes effect exactly once across crashes and retries. A
/// replayed dead letter is a new event with a later position, so it passes like any other.
/// </summary>
public sealed class StreamCheckpoints
{
    /// <summary>Last applied position by stream ("namespace/key"); public for serialization.</summary>
    public Dictionary<string, OutboxPosition> Applied { get; set; } = new(StringComparer.Ordinal);

    public OutboxPosition? LastApplied(StreamId stream) => Applied.GetValueOrDefault(Key(stream));

    /// <summary>The items after the last applied position, in order.</summary>
    public IEnumerable<SequentialItem<T>> Unapplied<T>(StreamId stream, IEnumerable<SequentialItem<T>> items)
    {
        var last = LastApplied(stream);
        return items.Where(item => last is null || PositionOf(item) > last);
    }

    /// <summary>Records that <paramref name="applied"/> took effect; write the state with the effects.</summary>
    public void Record<T>(StreamId stream, IEnumerable<SequentialItem<T>> applied)
    {
        var key = Key(stream);
        foreach (var item in applied)
        {
            var position = PositionOf(item);
            if (!Applied.TryGetValue(key, out var last) || position > last) Applied[key] = position;
        }
    }

    public static OutboxPosition PositionOf<T>(SequentialItem<T> item) =>
        item.Token is OutboxSequenceToken token
            ? token.Position
            : throw new ArgumentException($"Item of {typeof(T).Name} has a {item.Token?.GetType().Name ?? "null"} token: only outbox streams have checkpoints.", nameof(item));

    private static string Key(StreamId stream) => $"{stream.GetNamespace()}/{stream.GetKeyAsString()}";
}
