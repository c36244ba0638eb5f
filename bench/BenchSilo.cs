using System.Net;
using System.Net.Sockets;
using Dapper;
using Journal.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Hosting;

namespace Journal.Bench;

/// <summary>
/// A started single-silo Orleans host with the bench grains (and the product's): in memory with
/// localhost clustering (<see cref="InMemoryAsync"/>), or the product's own silo
/// (<see cref="SiloHostBuilderExtensions.AddJournalSilo"/>) on a fresh PostgreSQL database
/// (<see cref="OnPostgresAsync"/>). Benchmarks call grains through <see cref="Grains"/>, the silo's
/// co-hosted client: calls go to the grains in process, not over the gateway.
/// </summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchSilo(IHost host, string? database)
    {
        _host = host;
        Database = database;
        Grains = host.Services.GetRequiredService<IGrainFactory>();
    }

    public IGrainFactory Grains { get; }

    public string? Database { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>The silo's data source (PostgreSQL silos only).</summary>
    public NpgsqlDataSource DataSource => _host.Services.GetRequiredService<NpgsqlDataSource>();

    /// <summary>Orleans with localhost clustering on free ports and no storage: the grain-call benchmarks touch no database.</summary>
    public static async Task<BenchSilo> InMemoryAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPort: FreePort(), gatewayPort: FreePort()));
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host, null);
    }

    /// <summary>
    /// Creates (or recreates) the database <c>journal_bench</c> next to the configured one and starts
    /// the product's silo on it (<c>AddJournalSilo</c>: migrations, PostgreSQL membership and reminders,
    /// grain storage, outbox streams "default").
    /// </summary>
    /// <param name="configure">More silo services (the benchmark's probes).</param>
    /// <param name="settings">More configuration keys (e.g. <c>Reminders:MinimumPeriod</c>).</param>
    public static async Task<BenchSilo> OnPostgresAsync(Action<ISiloBuilder>? configure = null, IReadOnlyDictionary<string, string>? settings = null)
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
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:Postgres"] =
            new NpgsqlConnectionStringBuilder(server) { Database = "journal_bench", MaxPoolSize = 64 }.ConnectionString;
        builder.Configuration["Orleans:SiloPort"] = FreePort().ToString();
        builder.Configuration["Orleans:GatewayPort"] = FreePort().ToString();
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.Configuration[key] = value;
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddJournalSilo(configure);
        var host = builder.Build();
        await host.StartAsync(); // migrates the database before the silo joins
        return new BenchSilo(host, "journal_bench");
    }

    /// <summary>A loopback port no one listens on now (the silo's and gateway's ports; other silos may run on this machine).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        if (_host is IAsyncDisposable disposable) await disposable.DisposeAsync();
        else _host.Dispose();
    }
}
