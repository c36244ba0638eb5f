using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Journal.Runtime;

/// <summary>Configures the grain runtime: grain classes, storage providers and options.</summary>
public sealed class GrainRuntimeBuilder(IServiceCollection services, GrainRegistrations registrations)
{
    public IServiceCollection Services { get; } = services;

    public GrainRuntimeBuilder AddGrains(params Type[] grainClasses)
    {
        registrations.GrainClasses.AddRange(grainClasses);
        return this;
    }

    /// <summary>Registers every concrete <see cref="Grain"/> class of the assembly.</summary>
    public GrainRuntimeBuilder AddGrainsFromAssembly(Assembly assembly) =>
        AddGrains(assembly.GetTypes().Where(t => typeof(Grain).IsAssignableFrom(t) && !t.IsAbstract && !t.IsGenericTypeDefinition).ToArray());

    public GrainRuntimeBuilder Configure(Action<GrainRuntimeOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>Grain state kept in this process only (tests).</summary>
    public GrainRuntimeBuilder AddMemoryGrainStorage(string name = PersistentStateAttribute.DefaultStorageName)
    {
        Services.AddKeyedSingleton<IGrainStorage>(name, new MemoryGrainStorage());
        return this;
    }

    /// <summary>Grain state in PostgreSQL's <c>grain_state</c> table, through the registered <see cref="NpgsqlDataSource"/>.</summary>
    public GrainRuntimeBuilder AddPostgresGrainStorage(string name = PersistentStateAttribute.DefaultStorageName)
    {
        Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new PostgresGrainStorage(sp.GetRequiredService<NpgsqlDataSource>()));
        return this;
    }
}
