using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Journal.Runtime;

/// <summary>
/// A stream provider: streams hash into partitions, one <see cref="PullingAgent"/> per partition
/// delivers each stream's events in order to the grains subscribed to its namespace and to explicit
/// subscriptions, retrying failures and dead-lettering what keeps failing. Storage is an
/// <see cref="IStreamQueue"/> (PostgreSQL, or memory for tests).
/// </summary>
internal sealed class StreamProvider : IStreamProvider, IRuntimeService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    // Longer than any replay should take (the consumer's turn is awaited however long it runs).
    private static readonly TimeSpan ReplayLease = TimeSpan.FromMinutes(10);

    private readonly GrainRuntime _runtime;
    private readonly ILogger _logger;
    private readonly Meter _meter = new("Journal.Runtime");
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _deadLettered;
    private readonly Histogram<double> _lag;
    private readonly CancellationTokenSource _stopping = new();
    private Task _run = Task.CompletedTask;
    private readonly Lock _subscriptionsLock = new();
    private Dictionary<StreamId, StreamConsumer[]> _explicit = [];
    private Dictionary<string, IExplicitSubscription> _explicitByName = new(StringComparer.Ordinal);
    private ILookup<string, ImplicitConsumer> _implicit = Enumerable.Empty<ImplicitConsumer>().ToLookup(c => c.Namespace);
    private PullingAgent[] _agents = [];
    private const int NotStarted = 0, Starting = 1, Ready = 2, Faulted = 3;
    private int _state;

    public StreamProvider(string name, IStreamQueue queue, StreamProviderOptions options, GrainRuntime runtime, ILogger logger)
    {
        Name = name;
        Queue = queue;
        Options = options;
        _runtime = runtime;
        _logger = logger;
        _delivered = _meter.CreateCounter<long>("journal.streams.delivered", description: "Events delivered to a consumer");
        _deadLettered = _meter.CreateCounter<long>("journal.streams.dead_lettered", description: "Events a consumer kept failing");
        _lag = _meter.CreateHistogram<double>("journal.streams.delivery_lag", "ms", "From an event's insert to its successful delivery");
        _meter.CreateObservableGauge("journal.streams.held_back_partitions", () => _agents.Count(a => a.HeldBack),
            description: "Partitions whose committed events wait for an older running transaction");
    }

    public string Name { get; }

    public IStreamQueue Queue { get; }

    public StreamProviderOptions Options { get; }

    public IAsyncStream<T> GetStream<T>(StreamId streamId) => new AsyncStream<T>(this, streamId);

    /// <summary>A stable hash (FNV-1a): the same stream maps to the same partition in every process.</summary>
    public int PartitionOf(StreamId stream)
    {
        switch (Volatile.Read(ref _state))
        {
            case Faulted: throw new InvalidOperationException(Fault);
            case not Ready: throw new InvalidOperationException($"Stream provider '{Name}' is not started yet (GrainRuntime.Start).");
        }
        var hash = 2166136261u;
        foreach (var c in stream.Namespace) hash = (hash ^ c) * 16777619u;
        hash = (hash ^ '/') * 16777619u;
        foreach (var c in stream.Key) hash = (hash ^ c) * 16777619u;
        return (int)(hash % (uint)Options.Partitions);
    }

    /// <summary>Whether some partition's last read found committed events held back by an older running transaction.</summary>
    public bool AnyHeldBack => _agents.Any(a => a.HeldBack);

    public string? Fault { get; private set; }

    /// <summary>
    /// Adopts the partition count before anything can publish (the silo starts the runtime before it
    /// serves requests), then starts one agent per partition, the notification listener and retention.
    /// If undelivered events were hashed with another count, nothing is delivered or published and
    /// readiness reports why. An unreachable database fails the start.
    /// </summary>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, Starting, NotStarted) != NotStarted) return;
        try
        {
            _implicit = ImplicitConsumer.Discover(_runtime, _runtime.GrainClasses).ToLookup(c => c.Namespace);
            Fault = Task.Run(() => Queue.PrepareAsync(Options.Partitions, CancellationToken.None)).GetAwaiter().GetResult();
        }
        catch
        {
            Volatile.Write(ref _state, NotStarted); // the start failed: it may be tried again
            throw;
        }
        if (Fault is not null)
        {
            Volatile.Write(ref _state, Faulted);
            _logger.LogCritical("Stream provider '{Provider}' delivers and publishes nothing: {Fault}", Name, Fault);
            return;
        }
        _agents = Enumerable.Range(0, Options.Partitions).Select(p => new PullingAgent(this, p, _logger)).ToArray();
        Volatile.Write(ref _state, Ready);
        _run = Task.WhenAll(_agents.Select(agent => Task.Run(() => agent.RunAsync(_stopping.Token)))
            .Append(Task.Run(() => Queue.ListenAsync(Wake, _stopping.Token)))
            .Append(Task.Run(TrimPeriodicallyAsync)));
    }

    /// <summary>Stops the agents; a batch being delivered is finished unless it waits for a retry.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        await _run;
        _meter.Dispose();
    }

    private void Wake(int partition)
    {
        if (partition < 0)
            foreach (var agent in _agents) agent.Wake();
        else if (partition < _agents.Length)
            _agents[partition].Wake();
    }

    // ---- delivery ----

    /// <summary>
    /// Delivers a batch read from one partition: each stream's events, in order, to each of its
    /// consumers. True when an event was dead-lettered.
    /// </summary>
    public async Task<bool> DeliverAsync(IReadOnlyList<StoredEvent> events, CancellationToken stopping)
    {
        var deliveries = new List<Task<bool>>();
        foreach (var stream in events.GroupBy(e => e.Stream))
        {
            var items = stream.ToList();
            foreach (var consumer in _implicit[stream.Key.Namespace]) deliveries.Add(DeliverReliablyAsync(consumer, stream.Key, items, stopping));
            foreach (var consumer in ExplicitConsumers(stream.Key)) deliveries.Add(DeliverReliablyAsync(consumer, stream.Key, items, stopping));
        }
        return (await Task.WhenAll(deliveries)).Contains(true);
    }

    /// <summary>
    /// Delivers the events as one batch; if that fails, one at a time, each retried with a doubling
    /// delay. A failure that is about the event counts towards <see cref="StreamProviderOptions.MaxDeliveryAttempts"/>,
    /// after which the event is dead-lettered; a transient one (<see cref="StreamConsumer.IsTransient"/>)
    /// is retried until it passes or the provider stops, holding the stream back meanwhile. True when
    /// an event was dead-lettered.
    /// </summary>
    public async Task<bool> DeliverReliablyAsync(StreamConsumer consumer, StreamId stream, IReadOnlyList<StoredEvent> events, CancellationToken stopping)
    {
        Exception error;
        var deadLettered = false;
        try
        {
            await consumer.DeliverAsync(stream, events);
            Delivered(events);
            return false;
        }
        catch (Exception e)
        {
            error = e;
            _logger.LogWarning(e, "Delivering {Count} event(s) of {Stream} to {Consumer} failed; retrying one by one", events.Count, stream, consumer.Name);
        }
        foreach (var stored in events)
        {
            int failures = 0, attempts = 0;
            // A batch of one was already this event's first attempt.
            if (events.Count == 1) CountFailure(error);
            while (true)
            {
                if (attempts >= Options.MaxDeliveryAttempts)
                {
                    await DeadLetterAsync(consumer, stored, error, attempts, stopping);
                    deadLettered = true;
                    break;
                }
                if (failures > 0) await Task.Delay(RetryDelay(failures), stopping);
                try
                {
                    await consumer.DeliverAsync(stream, [stored]);
                    Delivered([stored]);
                    break;
                }
                catch (Exception e)
                {
                    error = e;
                    CountFailure(e);
                }
            }

            void CountFailure(Exception e)
            {
                failures++;
                if (!consumer.IsTransient(e)) attempts++;
                else if (failures % 10 == 0)
                    _logger.LogWarning(e, "Event {Token} of {Stream} still cannot reach {Consumer} after {Failures} transient failures; the stream waits",
                        stored.Token, stream, consumer.Name, failures);
            }
        }
        return deadLettered;
    }

    private TimeSpan RetryDelay(int failedAttempts) =>
        TimeSpan.FromTicks(Math.Min(Options.RetryDelay.Ticks * (1L << Math.Min(failedAttempts - 1, 20)), MaxRetryDelay.Ticks));

    private void Delivered(IReadOnlyList<StoredEvent> events)
    {
        _delivered.Add(events.Count);
        var now = DateTimeOffset.UtcNow;
        foreach (var stored in events) _lag.Record((now - stored.CreatedAt).TotalMilliseconds);
    }

    private async Task DeadLetterAsync(StreamConsumer consumer, StoredEvent stored, Exception error, int attempts, CancellationToken stopping)
    {
        _logger.LogError(error, "Event {Token} of {Stream} failed {Attempts} times in {Consumer}; dead-lettered, the stream moves on",
            stored.Token, stored.Stream, attempts, consumer.Name);
        await Queue.AddDeadLetterAsync(consumer.Name, stored, error.ToString(), attempts, stopping);
        _deadLettered.Add(1);
    }

    // ---- explicit subscriptions ----

    public async Task<StreamSubscriptionHandle> SubscribeAsync<T>(StreamId stream, Func<T, StreamSequenceToken, Task> onNextAsync,
        StreamSequenceToken? after, CancellationToken cancellationToken)
    {
        var subscription = new ExplicitSubscription<T>(this, stream, onNextAsync, after);
        // Registered before the catch-up: whatever an agent delivered before this point is below
        // the read guard now, so the catch-up reads it; anything later arrives live.
        lock (_subscriptionsLock)
        {
            _explicit = new Dictionary<StreamId, StreamConsumer[]>(_explicit) { [stream] = [.. ExplicitConsumers(stream), subscription.Live] };
            _explicitByName = new Dictionary<string, IExplicitSubscription>(_explicitByName, StringComparer.Ordinal) { [subscription.Name] = subscription };
        }
        try
        {
            await subscription.CatchUpAsync(cancellationToken);
        }
        catch
        {
            await subscription.UnsubscribeAsync(); // the caller gets no handle: nothing may call back
            throw;
        }
        return subscription;
    }

    public void Unsubscribe(IExplicitSubscription subscription)
    {
        lock (_subscriptionsLock)
        {
            var remaining = ExplicitConsumers(subscription.StreamId).Where(c => c != subscription.Live).ToArray();
            var streams = new Dictionary<StreamId, StreamConsumer[]>(_explicit);
            if (remaining.Length == 0) streams.Remove(subscription.StreamId);
            else streams[subscription.StreamId] = remaining;
            _explicit = streams;
            var names = new Dictionary<string, IExplicitSubscription>(_explicitByName, StringComparer.Ordinal);
            names.Remove(subscription.Name);
            _explicitByName = names;
        }
    }

    private StreamConsumer[] ExplicitConsumers(StreamId stream) => _explicit.GetValueOrDefault(stream) ?? [];

    // ---- dead letters ----

    public Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return Queue.GetDeadLettersAsync(limit, cancellationToken);
    }

    public async Task<bool> ReplayDeadLetterAsync(long id, CancellationToken cancellationToken = default)
    {
        var letter = await Queue.GetDeadLetterAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"No dead letter {id} in stream provider '{Name}'.");
        var consumer = FindConsumer(letter)
            ?? throw new InvalidOperationException($"Dead letter {id}: its consumer '{letter.Consumer}' no longer exists.");
        // The claim is released when the replay ends; its lease only matters if this process dies
        // mid-replay. A consumer's checkpoints also recognise a replay it already applied.
        if (!await Queue.TryClaimDeadLetterAsync(id, ReplayLease, cancellationToken))
            throw new InvalidOperationException($"Dead letter {id} is being replayed already.");
        var stored = new StoredEvent(letter.Stream, letter.Token, letter.EventType, letter.Payload, DateTimeOffset.UtcNow, IsReplay: true);
        try
        {
            await consumer.DeliverAsync(letter.Stream, [stored]);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Replaying dead letter {Id} to {Consumer} failed again", id, letter.Consumer);
            await Queue.UpdateDeadLetterAsync(id, e.ToString(), letter.Attempts + 1, cancellationToken);
            return false;
        }
        await Queue.RemoveDeadLetterAsync(id, cancellationToken);
        return true;
    }

    private StreamConsumer? FindConsumer(DeadLetter letter) =>
        _implicit[letter.Stream.Namespace].FirstOrDefault(c => c.Name == letter.Consumer)
        ?? _explicitByName.GetValueOrDefault(letter.Consumer)?.Live;

    // ---- retention ----

    /// <summary>Deletes the events every consumer has passed that are older than the retention period.</summary>
    public Task<int> TrimAsync(CancellationToken cancellationToken = default) => Queue.TrimAsync(Options.Retention, cancellationToken);

    private async Task TrimPeriodicallyAsync()
    {
        using var timer = new PeriodicTimer(Options.RetentionPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    var deleted = await TrimAsync(_stopping.Token);
                    if (deleted > 0) _logger.LogInformation("Stream retention deleted {Count} delivered event(s) of '{Provider}'", deleted, Name);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _logger.LogError(e, "Stream retention of '{Provider}' failed", Name);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
