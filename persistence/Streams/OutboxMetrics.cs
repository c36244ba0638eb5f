using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Journal.Persistence.Streams;

/// <summary>The outbox streams' metrics (meter <c>Journal.Streams</c>), one instance per silo.</summary>
public sealed class OutboxMetrics
{
    public const string MeterName = "Journal.Streams";

    private readonly ConcurrentDictionary<(string Provider, int Partition), bool> _heldBack = new();
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _deadLettered;
    private readonly Histogram<double> _lag;

    public OutboxMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _delivered = meter.CreateCounter<long>("journal.streams.delivered", description: "Events every consumer of their stream has taken");
        _deadLettered = meter.CreateCounter<long>("journal.streams.dead_lettered", description: "Events a consumer kept failing");
        _lag = meter.CreateHistogram<double>("journal.streams.delivery_lag", "ms", "From an event's insert to the moment every consumer had taken it");
        meter.CreateObservableGauge("journal.streams.held_back_partitions", () => _heldBack.Count(p => p.Value),
            description: "Partitions whose committed events wait for an older running transaction");
    }

    /// <summary>Whether some partition's last read found committed events held back by an older running transaction.</summary>
    public bool AnyHeldBack => _heldBack.Values.Any(held => held);

    public void Delivered(DateTimeOffset insertedAt)
    {
        _delivered.Add(1);
        _lag.Record((DateTimeOffset.UtcNow - insertedAt).TotalMilliseconds);
    }

    public void DeadLettered() => _deadLettered.Add(1);

    public void HeldBack(string provider, int partition, bool heldBack) => _heldBack[(provider, partition)] = heldBack;

    public void Released(string provider, int partition) => _heldBack.TryRemove((provider, partition), out _);
}
