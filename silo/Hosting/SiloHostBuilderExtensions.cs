using System.Net;
using System.Net.Sockets;
using Journal.Grains;
using Journal.Persistence.Hosting;
using Journal.Persistence.Streams;
using Journal.Silo.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Hosting;

namespace Journal.Silo;

public static class SiloHostBuilderExtensions
{
    /// <summary>
    /// Adds the Orleans silo with the project's grains on PostgreSQL (<c>ConnectionStrings:Postgres</c>):
    /// migrations first (before the silo joins its cluster), cluster membership and reminders on the
    /// ADO.NET tables, grain storage with its unit of work and the outbox streams (persistence/), and
    /// the settings of the <c>Orleans</c>, <c>Streams</c> and <c>Reminders</c> configuration sections.
    /// </summary>
    public static IHostApplicationBuilder AddJournalSilo(this IHostApplicationBuilder builder, Action<ISiloBuilder>? configure = null)
    {
        var configuration = builder.Configuration;
        builder.Services.AddSingleton(_ => SiloConfiguration.CreateDataSource(SiloConfiguration.GetPostgresConnectionString(configuration)));
        builder.Services.AddJournalGrainServices(configuration);
        builder.Services.AddSingleton<ICodeMigration, MoveRemindersToOrleans>();
        builder.Services.AddSingleton<MigrationRunner>();
        // Orleans and Polly say two things per activation at Information; the project's own logs stay.
        builder.Logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            var orleans = configuration.GetSection("Orleans");
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = orleans["ClusterId"] ?? "journal";
                cluster.ServiceId = orleans["ServiceId"] ?? "journal";
            });
            silo.Configure<EndpointOptions>(endpoints =>
            {
                endpoints.SiloPort = orleans.GetValue("SiloPort", EndpointOptions.DEFAULT_SILO_PORT);
                endpoints.GatewayPort = orleans.GetValue("GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT);
                endpoints.AdvertisedIPAddress = AdvertisedAddress(orleans["AdvertisedIPAddress"]);
            });
            silo.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = orleans.GetValue("ResponseTimeout", messaging.ResponseTimeout));
            // A killed node's grains are served again once the survivors declare it dead: probed every
            // ProbeTimeout, dead after MissedProbesLimit missed probes (Orleans' 5 s × 3 took about 8 s here).
            silo.Configure<ClusterMembershipOptions>(membership =>
            {
                membership.ProbeTimeout = orleans.GetValue("ProbeTimeout", TimeSpan.FromSeconds(2));
                membership.NumMissedProbesLimit = orleans.GetValue("MissedProbesLimit", 2);
            });
            silo.Configure<GrainCollectionOptions>(collection =>
            {
                collection.CollectionAge = orleans.GetValue("CollectionAge", collection.CollectionAge);
                collection.CollectionQuantum = orleans.GetValue("CollectionQuantum", collection.CollectionQuantum);
                collection.DeactivationTimeout = orleans.GetValue("DeactivationTimeout", collection.DeactivationTimeout);
            });
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, MigrationsBeforeJoining>();
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PoolWarmUp>();
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => ActivatorUtilities.CreateInstance<LeaveGrace>(sp, orleans.GetValue("LeaveGrace", TimeSpan.FromSeconds(1))));
            silo.UseAdoNetClustering(options => options.Configure<NpgsqlDataSource>((o, dataSource) =>
            {
                o.Invariant = "Npgsql";
                o.DataSource = dataSource;
            }));
            silo.UseAdoNetReminderService(options => options.Configure<NpgsqlDataSource>((o, dataSource) =>
            {
                o.Invariant = "Npgsql";
                o.DataSource = dataSource;
            }));
            silo.Configure<ReminderOptions>(reminders =>
                reminders.MinimumReminderPeriod = configuration.GetValue("Reminders:MinimumPeriod", reminders.MinimumReminderPeriod));
            // Traced, a grain call continues its caller's trace (an HTTP request's), so its SQL is traced
            // under it. It costs every grain call a few microseconds, so only when traces are exported.
            if (configuration.GetValue("Telemetry:TraceGrainCalls", !string.IsNullOrWhiteSpace(configuration["Telemetry:OtlpEndpoint"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])))
                silo.AddActivityPropagation();
            silo.AddJournalPersistence();
            silo.AddOutboxStreams(OutboxStreams.Default, options => options.Bind(configuration.GetSection("Streams")));
            // The dashboard samples counters every second and profiles grain calls while it is watched:
            // off unless asked for. Its live log view stays off: logs are not for the browser.
            if (configuration.GetValue("Dashboard:Enabled", false)) silo.AddDashboard(dashboard => dashboard.HideTrace = true);
            configure?.Invoke(silo);
        });
        return builder;
    }

    /// <summary>
    /// <c>Orleans:AdvertisedIPAddress</c>: an IP address, or a host name resolved once at start, so that
    /// in docker-compose a node can name itself by its service name (its address on the compose network).
    /// </summary>
    private static IPAddress AdvertisedAddress(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting)) return IPAddress.Loopback;
        if (IPAddress.TryParse(setting, out var address)) return address;
        try
        {
            // IPv4 first: compose networks are IPv4 unless told otherwise, and "localhost" then means
            // 127.0.0.1, the default, rather than ::1.
            return Dns.GetHostAddresses(setting).OrderBy(a => a.AddressFamily != AddressFamily.InterNetwork).FirstOrDefault()
                ?? throw new InvalidOperationException($"Orleans:AdvertisedIPAddress '{setting}' resolves to no address.");
        }
        catch (SocketException e)
        {
            throw new InvalidOperationException($"Orleans:AdvertisedIPAddress '{setting}' is neither an IP address nor a host name that resolves: {e.Message}", e);
        }
    }
}
