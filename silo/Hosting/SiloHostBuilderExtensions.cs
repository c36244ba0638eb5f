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
    /// Adds the silo: the grain runtime with the project's grains and PostgreSQL grain storage,
    /// the database (<c>ConnectionStrings:Postgres</c>), migrations at start-up, and runtime options
    /// from the <c>GrainRuntime</c> configuration section.
    /// </summary>
    public static IHostApplicationBuilder AddJournalSilo(this IHostApplicationBuilder builder, Action<GrainRuntimeBuilder>? configure = null)
    {
        var configuration = builder.Configuration;
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(SiloConfiguration.GetPostgresConnectionString(configuration)));
        builder.Services.Configure<GrainRuntimeOptions>(configuration.GetSection("GrainRuntime"));
        builder.Services.AddGrainRuntime(runtime =>
        {
            runtime.AddGrainsFromAssembly(typeof(GrainsAssembly).Assembly);
            runtime.AddPostgresGrainStorage();
            configure?.Invoke(runtime);
        });
        builder.Services.AddSingleton<MigrationRunner>();
        builder.Services.AddHostedService<SiloHostedService>();
        return builder;
    }
}
