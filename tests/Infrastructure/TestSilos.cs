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

    /// <summary>
    /// Starts <paramref name="silos"/> silos; <paramref name="configure"/> adds to each silo's configuration.
    /// A cluster that is to find another's reminders (a restart on the same database) passes that
    /// cluster's <paramref name="serviceId"/>; by default each cluster is a service of its own.
    /// </summary>
    public static async Task<InProcessTestCluster> StartAsync(PostgresDatabase database, int silos = 2, Action<ISiloBuilder>? configure = null,
        Action<OutboxStreamOptions>? streams = null, string? serviceId = null)
    {
        // Test classes run clusters side by side on one server, whose connection slots are limited
        // (100): a silo keeps at most 10 connections (bursts, such as twenty reminders registered at
        // once, wait for one instead of taking a slot each), and closes idle ones within seconds.
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            MaxPoolSize = 10,
            ConnectionIdleLifetime = 10,
            ConnectionPruningInterval = 2,
        }.ConnectionString;
        var builder = new InProcessTestClusterBuilder((short)silos);
        if (serviceId is not null) builder.Options.ServiceId = serviceId;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureHost(host => host.Logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
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
