using Journal.Persistence.CallChains;
using Journal.Persistence.References;
using Journal.Persistence.Storage;
using Journal.Persistence.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Metadata;
using Orleans.Runtime.Providers;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.Streams;

namespace Journal.Persistence.Hosting;

public static class PersistenceSiloBuilderExtensions
{
    /// <summary>
    /// The PostgreSQL grain storage (named <see cref="PostgresGrainStorage.Name"/> and the default)
    /// with its unit of work facet <c>[UnitOfWorkState]</c>, the call-cycle filter, the retry of
    /// undelivered calls and the cache of grain interface types. Needs an <see cref="NpgsqlDataSource"/>
    /// in the services.
    /// </summary>
    public static ISiloBuilder AddJournalPersistence(this ISiloBuilder silo)
    {
        var services = silo.Services;
        // First of the providers, so Orleans asks it before its own (which it then asks once per interface).
        services.Insert(0, ServiceDescriptor.Singleton<IGrainInterfaceTypeProvider, CachedGrainInterfaceTypes>());
        services.AddSingleton<PostgresGrainStorage>();
        services.AddKeyedSingleton<IGrainStorage>(PostgresGrainStorage.Name, (sp, _) => sp.GetRequiredService<PostgresGrainStorage>());
        services.AddSingleton<IGrainStorage>(sp => sp.GetRequiredService<PostgresGrainStorage>());
        services.AddSingleton<IAttributeToFactoryMapper<UnitOfWorkStateAttribute>, UnitOfWorkStateMapper>();
        services.AddNpgsqlExceptionSerialization();
        services.AddSingleton<CallCycleFilter>();
        services.AddSingleton<IIncomingGrainCallFilter>(sp => sp.GetRequiredService<CallCycleFilter>());
        services.AddSingleton<IOutgoingGrainCallFilter>(sp => sp.GetRequiredService<CallCycleFilter>());
        services.AddSingleton<IOutgoingGrainCallFilter, UndeliveredCallRetry>();
        return silo;
    }

    /// <summary>
    /// A persistent stream provider over the transactional outbox (<c>stream_events</c>): Orleans'
    /// pulling agents, queue balancing and implicit subscriptions, with the project's queue adapter.
    /// Deliveries retry without a time limit (consumers decide what is dead-lettered:
    /// <see cref="StreamConsumerGrain{TEvent}"/>).
    /// </summary>
    public static ISiloBuilder AddOutboxStreams(this ISiloBuilder silo, string name, Action<OptionsBuilder<OutboxStreamOptions>>? configure = null)
    {
        var services = silo.Services;
        configure?.Invoke(services.AddOptions<OutboxStreamOptions>(name));
        services.TryAddOutboxServices();
        services.AddKeyedSingleton(name, (sp, _) =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<OutboxStreamOptions>>().Get(name);
            var dataSource = sp.GetRequiredService<NpgsqlDataSource>();
            // Agents look for a notification every WakeCheckPeriod: half of it keeps a woken agent's wait under one period.
            var notifier = new OutboxNotifier(name, options.Partitions, options.WakeCheckPeriod / 2, dataSource,
                sp.GetRequiredService<ILogger<OutboxNotifier>>());
            return new OutboxLog(name, new OutboxQueueMapper(name, options.Partitions), notifier, dataSource, sp.GetRequiredService<ILogger<OutboxLog>>());
        });
        services.AddKeyedSingleton(name, (sp, _) => new OutboxListener(sp.GetRequiredKeyedService<OutboxLog>(name), sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<ILogger<OutboxListener>>()));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredKeyedService<OutboxListener>(name));
        services.AddKeyedSingleton(name, (sp, _) => new DeadLetters(sp.GetRequiredKeyedService<OutboxLog>(name), sp.GetRequiredService<NpgsqlDataSource>()));
        silo.AddPersistentStreams(name, OutboxQueueAdapterFactory.Create, streams =>
        {
            streams.Configure<StreamPubSubOptions>(pubSub => pubSub.Configure(o => o.PubSubType = StreamPubSubType.ImplicitOnly));
            streams.ConfigurePullingAgent(agent => agent.Configure<IOptionsMonitor<OutboxStreamOptions>>((o, outbox) =>
            {
                o.GetQueueMsgsTimerPeriod = outbox.Get(name).WakeCheckPeriod;
                o.MaxEventDeliveryTime = Timeout.InfiniteTimeSpan;
                o.BatchContainerBatchSize = outbox.Get(name).BatchSize;
            }));
            streams.ConfigureBackoffProvider((sp, n) => new DeliveryBackoff(sp.GetRequiredService<IOptionsMonitor<OutboxStreamOptions>>().Get(n).RetryDelay));
            streams.UseConsistentRingQueueBalancer();
        });
        return silo;
    }

    /// <summary>
    /// Lets Npgsql's exceptions cross grain calls (type, message, inner exception; not their extra
    /// properties): a grain that fails on the database reports why instead of a missing codec.
    /// Clients of the cluster need it too.
    /// </summary>
    public static IServiceCollection AddNpgsqlExceptionSerialization(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(options => options.SupportedNamespacePrefixes.Add("Npgsql"));

    private static void TryAddOutboxServices(this IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(DeliveryFailures))) return;
        services.AddSingleton<DeliveryFailures>();
        services.AddSingleton<OutboxMetrics>();
        services.AddSingleton<IValidateOptions<OutboxStreamOptions>, OutboxStreamOptionsValidator>();
    }

    /// <summary>Waits <c>retryDelay</c> before the second attempt, doubling per attempt up to 30 s.</summary>
    private sealed class DeliveryBackoff(TimeSpan retryDelay) : IMessageDeliveryBackoffProvider
    {
        private static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);

        public TimeSpan Next(int attempt) => TimeSpan.FromTicks(Math.Min(Longest.Ticks, retryDelay.Ticks * (1L << Math.Clamp(attempt, 0, 20))));
    }
}
