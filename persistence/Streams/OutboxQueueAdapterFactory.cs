using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Journal.Persistence.Streams;

/// <summary>
/// Orleans' factory for an outbox stream provider: the adapter, Orleans' simple in-memory queue cache
/// (purged events are the delivered ones; <see cref="OutboxQueueCache"/>), the partition mapper.
/// Creating the adapter prepares the log (partition count, epoch) before anything is published or read.
/// </summary>
internal sealed class OutboxQueueAdapterFactory(string name, OutboxLog log, OutboxListener listener, OutboxStreamOptions options, OutboxMetrics metrics,
    ILoggerFactory loggers) : IQueueAdapterFactory
{
    private readonly OutboxQueueAdapterCache _cache = new(name, loggers);

    public static IQueueAdapterFactory Create(IServiceProvider services, string name) =>
        new OutboxQueueAdapterFactory(name, services.GetRequiredKeyedService<OutboxLog>(name), services.GetRequiredKeyedService<OutboxListener>(name),
            services.GetRequiredService<IOptionsMonitor<OutboxStreamOptions>>().Get(name), services.GetRequiredService<OutboxMetrics>(),
            services.GetRequiredService<ILoggerFactory>());

    public Task<IQueueAdapter> CreateAdapter() => CreateAdapter(CancellationToken.None);

    public async Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken)
    {
        await log.PrepareAsync(cancellationToken);
        return new OutboxQueueAdapter(log, listener, _cache, options, metrics, loggers);
    }

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => log.Mapper;

    // Never called: deliveries retry without a time limit, and consumers dead-letter what keeps failing (StreamConsumerGrain).
    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler());
}
