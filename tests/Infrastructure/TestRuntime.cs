using Journal.Runtime;
using Journal.Tests.Runtime.Grains;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Journal.Tests.Infrastructure;

/// <summary>A started grain runtime with the test grains, on memory storage or on a PostgreSQL database.</summary>
public sealed class TestRuntime : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TestRuntime(ServiceProvider services)
    {
        _services = services;
        Runtime = services.GetRequiredService<GrainRuntime>();
        Runtime.Start();
    }

    public GrainRuntime Runtime { get; }

    public IGrainFactory Grains => Runtime;

    public GrainEvents Events => _services.GetRequiredService<GrainEvents>();

    public IGrainStorage Storage => _services.GetRequiredKeyedService<IGrainStorage>(PersistentStateAttribute.DefaultStorageName);

    /// <summary>The test grains: every grain class in the namespace of <see cref="CounterGrain"/>.</summary>
    public static Type[] TestGrainClasses { get; } = typeof(CounterGrain).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(CounterGrain).Namespace && typeof(Grain).IsAssignableFrom(t) && !t.IsAbstract)
        .ToArray();

    /// <summary>Collects activations idle for 300 ms, looking every 50 ms.</summary>
    public static void QuickCollection(GrainRuntimeOptions options)
    {
        options.CollectionAge = TimeSpan.FromMilliseconds(300);
        options.CollectionQuantum = TimeSpan.FromMilliseconds(50);
    }

    /// <param name="postgres">A connection string for PostgreSQL storage; memory storage when null.</param>
    /// <param name="configure">More runtime services (streams, reminders).</param>
    public static TestRuntime Start(Action<GrainRuntimeOptions>? options = null, string? postgres = null, Action<GrainRuntimeBuilder>? configure = null,
        params Type[] extraGrains)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<GrainEvents>();
        services.AddScoped<ScopedProbe>();
        if (postgres is not null) services.AddSingleton(_ => NpgsqlDataSource.Create(postgres));
        services.AddGrainRuntime(runtime =>
        {
            runtime.AddGrains(TestGrainClasses).AddGrains(extraGrains);
            if (postgres is null) runtime.AddMemoryGrainStorage();
            else runtime.AddPostgresGrainStorage();
            if (options is not null) runtime.Configure(options);
            configure?.Invoke(runtime);
        });
        return new TestRuntime(services.BuildServiceProvider());
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.StopAsync();
        await _services.DisposeAsync();
    }
}
