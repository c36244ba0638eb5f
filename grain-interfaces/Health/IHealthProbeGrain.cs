using Journal.Runtime;

namespace Journal.GrainInterfaces.Health;

/// <summary>Answers readiness probes, proving that the silo activates grains and runs their turns.</summary>
public interface IHealthProbeGrain : IGrainWithStringKey
{
    Task<HealthProbeReply> PingAsync();
}

/// <summary>When this activation started and how many probes it answered.</summary>
public sealed record HealthProbeReply(DateTimeOffset ActivatedAt, long Probes);
