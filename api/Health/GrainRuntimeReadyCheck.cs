using Journal.GrainInterfaces.Health;
using Journal.Runtime;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Journal.Api.Health;

/// <summary>Ready when a grain call completes (the runtime activates grains and runs turns) and its services (streams, reminders) can work.</summary>
internal sealed class GrainRuntimeReadyCheck(GrainRuntime runtime) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (runtime.Faults is [_, ..] faults) return HealthCheckResult.Unhealthy(string.Join(" ", faults));
        try
        {
            await runtime.GetGrain<IHealthProbeGrain>("readiness").PingAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy("Grain calls complete");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("Grain call failed", e);
        }
    }
}
