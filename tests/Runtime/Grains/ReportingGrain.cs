using Journal.Runtime;

namespace Journal.Tests.Runtime.Grains;

/// <summary>A test grain that reports its activation and deactivation to <see cref="GrainEvents"/>.</summary>
public abstract class ReportingGrain(GrainEvents events) : Grain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        events.Activated(GrainId);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        events.Deactivated(GrainId, reason);
        return Task.CompletedTask;
    }
}
