using Journal.Grains;
using Journal.Runtime;
using Journal.Silo.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Journal.Silo;

public static class SiloHostBuilderExtensions
{
    /// <summary>
    /// Adds the silo: the grain runtime with the project's grains, PostgreSQL grain storage, durable
    /// streams and reminders, the database (<c>ConnectionStrings:Postgres</c>), migrations at start-up,
    /// and options from the <c>GrainRuntime</c>, <c>Streams</c> and <c>Reminders</c> configuration sections.
    /// </summary>
    public static IHostApplicationBuilder AddJournalSilo(this IHostApplicationBuilder builder, Action<GrainRuntimeBuilder>? configure = null)
    {
        var configuration = builder.Configuration;
        builder.Services.AddSingleton(_ => SiloConfiguration.CreateDataSource(SiloConfiguration.GetPostgresConnectionString(configuration)));
        builder.Services.Configure<GrainRuntimeOptions>(configuration.GetSection("GrainRuntime"));
        builder.Services.Configure<StreamProviderOptions>(StreamProviderOptions.DefaultName, configuration.GetSection("Streams"));
        builder.Services.Configure<ReminderOptions>(configuration.GetSection("Reminders"));
        builder.Services.AddJournalGrainServices(configuration);
        builder.Services.AddGrainRuntime(runtime =>
        {
            runtime.AddGrainsFromAssembly(typeof(GrainsAssembly).Assembly);
            runtime.AddPostgresGrainStorage();
            runtime.AddPostgresStreams();
            runtime.AddPostgresReminders();
            configure?.Invoke(runtime);
        });
        builder.Services.AddSingleton<MigrationRunner>();
        builder.Services.AddHostedService<SiloHostedService>();
        return builder;
    }
}
