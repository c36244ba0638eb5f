using Journal.Runtime;
using Journal.Silo.Migrations;
using Microsoft.Extensions.Hosting;

namespace Journal.Silo;

/// <summary>Starts the silo in order — migrate the database, then start the grain runtime — and stops it gracefully.</summary>
internal sealed class SiloHostedService(MigrationRunner migrations, GrainRuntime runtime) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrations.MigrateAsync(cancellationToken);
        runtime.Start();
    }

    // Deactivating every activation flushes what grains hold before the process exits.
    public Task StopAsync(CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
}
