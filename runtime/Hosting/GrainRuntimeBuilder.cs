using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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

    /// <summary>Streams kept in this process only (tests): same delivery rules, nothing survives a restart.</summary>
    public GrainRuntimeBuilder AddMemoryStreams(string name = StreamProviderOptions.DefaultName, Action<StreamProviderOptions>? configure = null) =>
        AddStreams(name, configure, (_, _) => new MemoryStreamQueue());

    /// <summary>Durable streams in PostgreSQL (<c>stream_events</c>), through the registered <see cref="NpgsqlDataSource"/>.</summary>
    public GrainRuntimeBuilder AddPostgresStreams(string name = StreamProviderOptions.DefaultName, Action<StreamProviderOptions>? configure = null) =>
        AddStreams(name, configure, (sp, logger) => new PostgresStreamQueue(name, sp.GetRequiredService<NpgsqlDataSource>(), logger));

    private GrainRuntimeBuilder AddStreams(string name, Action<StreamProviderOptions>? configure, Func<IServiceProvider, ILogger, IStreamQueue> queue)
    {
        var options = Services.AddOptions<StreamProviderOptions>(name);
        if (configure is not null) options.Configure(configure);
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StreamProviderOptions>, StreamProviderOptionsValidator>());
        Services.AddKeyedSingleton(name, (sp, _) =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger($"Journal.Runtime.Streams.{name}");
            return new StreamProvider(name, queue(sp, logger), sp.GetRequiredService<IOptionsMonitor<StreamProviderOptions>>().Get(name),
                sp.GetRequiredService<GrainRuntime>(), logger);
        });
        Services.AddKeyedSingleton<IStreamProvider>(name, (sp, key) => sp.GetRequiredKeyedService<StreamProvider>(key));
        Services.AddSingleton<IRuntimeService>(sp => sp.GetRequiredKeyedService<StreamProvider>(name));
        return this;
    }

    /// <summary>Reminders kept in this process only (tests).</summary>
    public GrainRuntimeBuilder AddMemoryReminders(Action<ReminderOptions>? configure = null) =>
        AddReminders(configure, _ => new MemoryReminderTable());

    /// <summary>Durable reminders in PostgreSQL (<c>grain_reminders</c>): they survive restarts.</summary>
    public GrainRuntimeBuilder AddPostgresReminders(Action<ReminderOptions>? configure = null) =>
        AddReminders(configure, sp => new PostgresReminderTable(sp.GetRequiredService<NpgsqlDataSource>()));

    private GrainRuntimeBuilder AddReminders(Action<ReminderOptions>? configure, Func<IServiceProvider, IReminderTable> table)
    {
        var options = Services.AddOptions<ReminderOptions>();
        if (configure is not null) options.Configure(configure);
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReminderOptions>, ReminderOptionsValidator>());
        Services.AddSingleton(sp => new ReminderService(sp.GetRequiredService<GrainRuntime>(), table(sp),
            sp.GetRequiredService<IOptions<ReminderOptions>>().Value, sp.GetRequiredService<ILogger<ReminderService>>()));
        Services.AddSingleton<IRuntimeService>(sp => sp.GetRequiredService<ReminderService>());
        return this;
    }
}
