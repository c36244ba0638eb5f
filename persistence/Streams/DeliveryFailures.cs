using System.Collections.Concurrent;

namespace Journal.Persistence.Streams;

/// <summary>
/// What this silo remembers of consumers' failed deliveries: which consumers are recovering (their
/// next deliveries go one event at a time, so a poison event is found and the others pass) and how
/// often each event failed. Memory only: after a restart an event gets its attempts again, which
/// delays its dead letter but never loses or doubles an effect.
/// </summary>
public sealed class DeliveryFailures
{
    private readonly ConcurrentDictionary<string, byte> _recovering = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Consumer, OutboxPosition Position), int> _attempts = new();
    private readonly ConcurrentDictionary<string, int> _transient = new(StringComparer.Ordinal);

    public bool IsRecovering(string consumer) => _recovering.ContainsKey(consumer);

    public void StartRecovering(string consumer) => _recovering[consumer] = 0;

    public void Recovered(string consumer)
    {
        _recovering.TryRemove(consumer, out _);
        _transient.TryRemove(consumer, out _);
        foreach (var key in _attempts.Keys.Where(k => k.Consumer == consumer)) _attempts.TryRemove(key, out _);
    }

    /// <summary>Counts a failure of the event's own making; returns how many there were.</summary>
    public int Failed(string consumer, OutboxPosition position) => _attempts.AddOrUpdate((consumer, position), 1, (_, n) => n + 1);

    /// <summary>Counts a transient failure of the consumer; returns how many in a row.</summary>
    public int FailedTransiently(string consumer) => _transient.AddOrUpdate(consumer, 1, (_, n) => n + 1);
}
