using Journal.Runtime;

namespace Journal.Tests.Runtime.Grains;

public interface IShortLivedGrain : IGrainWithGuidKey
{
    Task Touch();
}

/// <summary>Collected after 300 ms idle whatever the runtime's default collection age.</summary>
[CollectionAgeLimit(Seconds = 0.3)]
public sealed class ShortLivedGrain(GrainEvents events) : Grain, IShortLivedGrain
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

    public Task Touch() => Task.CompletedTask;
}
