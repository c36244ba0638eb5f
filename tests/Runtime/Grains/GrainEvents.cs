using System.Collections.Concurrent;
using Journal.Runtime;

namespace Journal.Tests.Runtime.Grains;

/// <summary>What test grains report about their lifecycle (one instance per test runtime).</summary>
public sealed class GrainEvents
{
    private readonly ConcurrentQueue<(GrainId Grain, string Event, DeactivationReasonCode Reason)> _events = new();

    public void Activated(GrainId grain) => _events.Enqueue((grain, "activated", DeactivationReasonCode.None));

    public void Deactivated(GrainId grain, DeactivationReason reason) => _events.Enqueue((grain, "deactivated", reason.ReasonCode));

    public void Ticked(GrainId grain) => _events.Enqueue((grain, "ticked", DeactivationReasonCode.None));

    /// <summary>Timer ticks that ran after the grain's (first) deactivation.</summary>
    public int TicksAfterDeactivation(GrainId grain) =>
        _events.Where(e => e.Grain == grain).SkipWhile(e => e.Event != "deactivated").Count(e => e.Event == "ticked");

    public void Disposed(Guid service) => _events.Enqueue((default, "disposed " + service.ToString("N"), DeactivationReasonCode.None));

    public bool WasDisposed(Guid service) => _events.Any(e => e.Event == "disposed " + service.ToString("N"));

    public int Activations(GrainId grain) => _events.Count(e => e.Grain == grain && e.Event == "activated");

    public IReadOnlyList<DeactivationReasonCode> Deactivations(GrainId grain) =>
        _events.Where(e => e.Grain == grain && e.Event == "deactivated").Select(e => e.Reason).ToList();

    public int TotalDeactivations => _events.Count(e => e.Event == "deactivated");
}
