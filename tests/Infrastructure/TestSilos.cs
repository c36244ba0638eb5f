using Journal.Persistence.Hosting;
using Journal.Persistence.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Journal.Tests.Infrastructure;

/// <summary>
/// An Orleans <see cref="InProcessTestCluster"/> of real silos on one test database, with the
/// project's providers: PostgreSQL grain storage and its unit of work, the outbox stream provider
/// (<see cref="StreamProvider"/>), reminders on the ADO.NET reminder table, the call-cycle filter.
/// </summary>
public static class TestSilos
{
    public const string StreamProvider = "default";

    /// <summary>Starts <paramref name="silos"/> silos; <paramref name="configure"/> adds to each silo's configuration.</summary>
    public static async Task<InProcessTestCluster> StartAsync(PostgresDatabase database, int silos = 2, Action<ISiloBuilder>? configure = null,
        Action<OutboxStreamOptions>? streams = null)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureHost(host => host.Logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureSilo((_, silo) =>
        {
            // Capped: test classes run in parallel on one server (max_connections 100), each with its silos' pools.
            silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(
                new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 20 }.ConnectionString));
            silo.AddJournalPersistence();
            silo.AddOutboxStreams(StreamProvider, options => options.Configure(o =>
            {
                o.Partitions = 4;
                o.RetryDelay = TimeSpan.FromMilliseconds(20);
                streams?.Invoke(o);
            }));
            silo.UseAdoNetReminderService(options => options.Configure<NpgsqlDataSource>((o, dataSource) =>
            {
                o.Invariant = "Npgsql";
                o.DataSource = dataSource;
            }));
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            configure?.Invoke(silo);
        });
        builder.ConfigureClient(client => client.Services.AddNpgsqlExceptionSerialization());
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync(); // a refused start (e.g. invalid settings) leaves no silo host behind
            throw;
        }
        return cluster;
    }
}
