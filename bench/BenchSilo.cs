using Journal.Bench.Grains;
using Journal.Runtime;
using Journal.Silo;
using Journal.Silo.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Dapper;

namespace Journal.Bench;

/// <summary>A started runtime with the bench grains, on memory storage or on a fresh PostgreSQL database.</summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private BenchSilo(ServiceProvider services, string? database)
    {
        _services = services;
        Database = database;
        Runtime = services.GetRequiredService<GrainRuntime>();
        Runtime.Start();
    }

    public GrainRuntime Runtime { get; }

    public string? Database { get; }

    public NpgsqlDataSource DataSource => _services.GetRequiredService<NpgsqlDataSource>();

    public static BenchSilo InMemory()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddGrainRuntime(runtime => runtime.AddGrains(typeof(PingGrain), typeof(StoredCounterGrain)).AddMemoryGrainStorage());
        return new BenchSilo(services.BuildServiceProvider(), null);
    }

    /// <summary>Creates (or recreates) the database <c>journal_bench</c> next to the configured one and migrates it.</summary>
    /// <param name="configure">More grains and runtime services (streams).</param>
    public static async Task<BenchSilo> OnPostgresAsync(Action<GrainRuntimeBuilder>? configure = null)
    {
        var server = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
            ?? "Host=localhost;Port=5432;Username=journal;Password=journal;Database=journal;SSL Mode=Disable";
        await using (var admin = new NpgsqlConnection(server))
        {
            // An autovacuum worker still busy on the last run's database cannot be terminated by this role: wait for it.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await admin.ExecuteAsync("DROP DATABASE IF EXISTS journal_bench WITH (FORCE)");
                    break;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 30)
                {
                    await Task.Delay(1_000);
                }
            }
            await admin.ExecuteAsync("CREATE DATABASE journal_bench");
        }
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = "journal_bench", MaxPoolSize = 64 }.ConnectionString;
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(_ => SiloConfiguration.CreateDataSource(connectionString));
        services.AddGrainRuntime(runtime =>
        {
            runtime.AddGrains(typeof(PingGrain), typeof(StoredCounterGrain)).AddPostgresGrainStorage();
            configure?.Invoke(runtime);
        });
        var provider = services.BuildServiceProvider();
        await new MigrationRunner(provider.GetRequiredService<NpgsqlDataSource>(), NullLogger<MigrationRunner>.Instance).MigrateAsync();
        return new BenchSilo(provider, "journal_bench");
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.StopAsync();
        await _services.DisposeAsync();
    }
}
