using Journal.Runtime;

namespace Journal.Tests.Runtime.Grains;

public interface ISlowDeactivationGrain : IGrainWithGuidKey
{
    Task Touch();
}

/// <summary>Takes 200 ms to deactivate, like a grain that flushes to storage on the way out.</summary>
public sealed class SlowDeactivationGrain(GrainEvents events) : ReportingGrain(events), ISlowDeactivationGrain
{
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await Task.Delay(200, cancellationToken);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task Touch() => Task.CompletedTask;
}
