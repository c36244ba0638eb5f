namespace Journal.GrainInterfaces.Health;

/// <summary>Answers readiness probes, proving that the silo activates grains and runs their turns.</summary>
[Alias("journal.IHealthProbeGrain")]
public interface IHealthProbeGrain : IGrainWithStringKey
{
    [Alias("PingAsync")]
    Task<HealthProbeReply> PingAsync();
}

/// <summary>When this activation started and how many probes it answered.</summary>
[GenerateSerializer, Immutable, Alias("journal.HealthProbeReply")]
public sealed record HealthProbeReply(DateTimeOffset ActivatedAt, long Probes);
