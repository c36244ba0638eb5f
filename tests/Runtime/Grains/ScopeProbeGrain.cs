using Journal.Runtime;

namespace Journal.Tests.Runtime.Grains;

/// <summary>A scoped service: one per activation, disposed with it.</summary>
public sealed class ScopedProbe(GrainEvents events) : IDisposable
{
    public Guid Id { get; } = Guid.NewGuid();

    public void Dispose() => events.Disposed(Id);
}

public interface IScopeProbeGrain : IGrainWithGuidKey
{
    Task<Guid> ProbeId();
    Task Deactivate();
}

public sealed class ScopeProbeGrain(ScopedProbe probe) : Grain, IScopeProbeGrain
{
    public Task<Guid> ProbeId() => Task.FromResult(probe.Id);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
