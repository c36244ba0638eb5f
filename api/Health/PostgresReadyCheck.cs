using Journal.Silo.Migrations;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Journal.Api.Health;

/// <summary>Ready when PostgreSQL answers and every migration this build ships has been applied.</summary>
internal sealed class PostgresReadyCheck(MigrationRunner migrations) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = await migrations.CountPendingAsync(cancellationToken);
            return pending == 0
                ? HealthCheckResult.Healthy("PostgreSQL reachable, migrations applied")
                : HealthCheckResult.Unhealthy($"{pending} migration(s) not applied yet");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL unreachable", e);
        }
    }
}
