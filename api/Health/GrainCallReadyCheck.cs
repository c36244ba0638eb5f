using Journal.GrainInterfaces.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Journal.Api.Health;

/// <summary>Ready when a grain call completes: the silo has joined its cluster, activates grains and runs turns.</summary>
internal sealed class GrainCallReadyCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IHealthProbeGrain>("readiness").PingAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy("Grain calls complete");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("Grain call failed", e);
        }
    }
}
