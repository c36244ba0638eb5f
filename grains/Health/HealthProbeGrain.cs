using Journal.GrainInterfaces.Health;

namespace Journal.Grains.Health;

/// <summary>Keeps nothing but a counter: readiness must not depend on stored data.</summary>
[GrainType(GrainTypes.HealthProbe)]
public sealed class HealthProbeGrain : Grain, IHealthProbeGrain
{
    private readonly DateTimeOffset _activatedAt = DateTimeOffset.UtcNow;
    private long _probes;

    public Task<HealthProbeReply> PingAsync() => Task.FromResult(new HealthProbeReply(_activatedAt, ++_probes));
}
