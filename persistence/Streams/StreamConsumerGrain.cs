using Journal.Persistence.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Journal.Persistence.Streams;

/// <summary>
/// A grain fed by outbox streams through <c>[ImplicitStreamSubscription(namespace)]</c>: the stream's
/// events reach the grain whose key is the stream's key, in order, at least once, in batches
/// (<see cref="ApplyAsync"/>). Keep a <see cref="StreamCheckpoints"/> in the grain's state and write it
/// with the effects, so each event takes effect exactly once.
/// When <see cref="ApplyAsync"/> throws, the activation is dropped (its memory may be ahead of
/// storage) and Orleans delivers again with back-off, one event at a time until the batch passes.
/// A transient failure (<see cref="TransientFailure"/>) is retried until it passes, holding the
/// stream; an event that fails of its own making <see cref="OutboxStreamOptions.MaxDeliveryAttempts"/>
/// times goes to the dead letters (<see cref="DeadLetters"/>) and the stream moves on.
/// A consumer may instead write its state later than the delivery (<see cref="WriteBehind"/>) if it
/// catches up when it activates (<see cref="CatchUpAsync"/>): the stream counts an event delivered
/// when the consumer returns, and the outbox keeps it long after.
/// Like every grain class, a consumer must implement a grain interface: Orleans registers grain
/// classes (and their subscriptions) by them.
/// </summary>
public abstract class StreamConsumerGrain<TEvent> : Grain, IStreamSubscriptionObserver
{
    private const int CatchUpPage = 500;

    /// <summary>Applies events of <paramref name="stream"/> not applied yet (after the checkpoint) and writes them with the checkpoint.</summary>
    protected abstract Task ApplyAsync(StreamId stream, IReadOnlyList<SequentialItem<TEvent>> items);

    /// <summary>
    /// Applies, through <see cref="ApplyAsync"/>, the events of <paramref name="stream"/> after
    /// <paramref name="after"/> that the outbox holds and that are readable, in order, leaving out those
    /// this consumer gave up on (its dead letters) and replays meant for other consumers, as a delivery
    /// would. Called when the consumer activates, it redoes what an activation lost before writing;
    /// events the stream has not delivered yet may come again later, and the checkpoint skips them.
    /// </summary>
    protected async Task CatchUpAsync(string provider, StreamId stream, OutboxPosition? after, CancellationToken cancellationToken)
    {
        var log = ServiceProvider.GetRequiredKeyedService<OutboxLog>(provider);
        var consumer = this.GetGrainId().ToString();
        // Read only when there is something to catch up: most activations find nothing after their position.
        IReadOnlySet<OutboxPosition>? gaveUp = null;
        var position = after ?? OutboxPosition.Start;
        while (true)
        {
            var page = await log.ReadStreamAsync(stream, position, CatchUpPage, cancellationToken);
            if (page.Count == 0) return;
            gaveUp ??= await ServiceProvider.GetRequiredKeyedService<DeadLetters>(provider).PositionsAsync(consumer, stream);
            position = page[^1].Token.Position;
            var items = page
                .Where(e => IsFor(e.Token, consumer) && !gaveUp.Contains(e.Token.Position))
                .SelectMany(e => e.GetEvents<TEvent>().Select(item => new SequentialItem<TEvent>(item.Item1, item.Item2)))
                .ToList();
            if (items.Count > 0) await ApplyAsync(stream, items);
            if (page.Count < CatchUpPage) return;
        }
    }

    /// <summary>
    /// Writes the consumer's state later (<see cref="WriteBehind"/>), <paramref name="provider"/>'s
    /// <see cref="OutboxStreamOptions.ConsumerWriteDelay"/> after the first unwritten event. Only with
    /// <see cref="CatchUpAsync"/> on activation.
    /// </summary>
    protected WriteBehind WriteLater(string provider, Func<Task> write) =>
        new(this, ServiceProvider.GetRequiredService<IOptionsMonitor<OutboxStreamOptions>>().Get(provider).ConsumerWriteDelay, write);

    // Each implicit subscription gets its own observer, which knows its stream.
    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        var handle = handleFactory.Create<TEvent>();
        return handle.ResumeAsync(new Observer(this, handle.ProviderName, handle.StreamId));
    }

    private async Task DeliverAsync(string provider, StreamId stream, IList<SequentialItem<TEvent>> items)
    {
        var consumer = this.GetGrainId().ToString();
        var mine = items.Where(item => IsFor(item.Token, consumer)).ToList();
        if (mine.Count == 0) return;
        var failures = ServiceProvider.GetRequiredService<DeliveryFailures>();
        if (!failures.IsRecovering(consumer))
        {
            try
            {
                await ApplyAsync(stream, mine);
                return;
            }
            catch (Exception e)
            {
                failures.StartRecovering(consumer);
                Fail(consumer, stream, e);
                throw;
            }
        }
        var deadLetters = ServiceProvider.GetRequiredKeyedService<DeadLetters>(provider);
        for (var i = 0; i < mine.Count; i++)
        {
            var item = mine[i];
            var position = StreamCheckpoints.PositionOf(item);
            if (await deadLetters.ContainsAsync(consumer, position)) continue;
            try
            {
                await ApplyAsync(stream, [item]);
            }
            catch (Exception e)
            {
                Fail(consumer, stream, e);
                if (TransientFailure.Is(e)) throw;
                var attempts = failures.Failed(consumer, position);
                var options = ServiceProvider.GetRequiredService<IOptionsMonitor<OutboxStreamOptions>>().Get(provider);
                if (attempts < options.MaxDeliveryAttempts) throw;
                await deadLetters.AddAsync(consumer, stream, position, item.Item!.GetType().Name, GrainStateJson.Serialize(item.Item), e.ToString(), attempts);
                ServiceProvider.GetRequiredService<OutboxMetrics>().DeadLettered();
                Logger.LogError(e, "{Consumer} failed event {Position} of {Stream} {Attempts} times; it is in the dead letters and the stream moves on",
                    consumer, position, stream, attempts);
                // The rest of the batch comes again to a fresh activation (this one's memory may be ahead).
                if (i < mine.Count - 1) throw new StreamDeliveryRetryException($"{consumer} dead-lettered event {position} of {stream}; the events after it are delivered again.");
                return;
            }
        }
        failures.Recovered(consumer);
    }

    // A replayed dead letter is for the consumer that gave up on it alone.
    private static bool IsFor(StreamSequenceToken? token, string consumer) =>
        token is not OutboxSequenceToken { ReplayFor: { } replayFor } || replayFor == consumer;

    // The activation goes, so the next delivery reads what storage holds.
    private void Fail(string consumer, StreamId stream, Exception e)
    {
        DeactivateOnIdle();
        if (!TransientFailure.Is(e)) return;
        var inARow = ServiceProvider.GetRequiredService<DeliveryFailures>().FailedTransiently(consumer);
        if (inARow % 10 == 1) Logger.LogWarning(e, "{Consumer} could not take events of {Stream} ({Count} transient failures in a row); the stream waits and retries", consumer, stream, inARow);
    }

    private ILogger Logger => ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(GetType());

    private sealed class Observer(StreamConsumerGrain<TEvent> grain, string provider, StreamId stream) : IAsyncBatchObserver<TEvent>
    {
        public Task OnNextAsync(IList<SequentialItem<TEvent>> items) => grain.DeliverAsync(provider, stream, items);

        public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
    }
}

/// <summary>A delivery stopped after dead-lettering an event so the events after it come again to a fresh activation.</summary>
[GenerateSerializer, Alias("journal.stream-delivery-retry")]
public sealed class StreamDeliveryRetryException : Exception
{
    public StreamDeliveryRetryException(string message) : base(message)
    {
    }
}
