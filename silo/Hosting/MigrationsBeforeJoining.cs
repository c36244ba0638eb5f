using Journal.Silo.Migrations;

namespace Journal.Silo;

/// <summary>
/// Migrates the database at the silo's first lifecycle stage: the membership and reminder tables
/// (and their queries) must exist before the silo joins the cluster, and grains must find the schema
/// they were written for.
/// </summary>
internal sealed class MigrationsBeforeJoining(MigrationRunner migrations) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(MigrationsBeforeJoining), ServiceLifecycleStage.First, migrations.MigrateAsync);
}
