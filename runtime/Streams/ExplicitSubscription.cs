namespace Journal.Runtime;

/// <summary>What the provider keeps of an explicit subscription, whatever its event type.</summary>
internal interface IExplicitSubscription
{
    string Name { get; }
    StreamId StreamId { get; }
    StreamConsumer Live { get; }
}

/// <summary>
/// A subscription made with <see cref="IAsyncStream{T}.SubscribeAsync"/>. With a stored token it
/// first catches up from the log; live events that arrive meanwhile are held (the agent does not
/// wait) and delivered once the log has been read up to the first of them. One "last delivered"
/// token filters what both paths bring, so the callback sees each event once, in order, one at a
/// time: a slow callback holds its partition, like a grain's turn. After unsubscribing, nothing is
/// called back.
/// </summary>
internal sealed class ExplicitSubscription<T> : StreamSubscriptionHandle, IExplicitSubscription
{
    private readonly StreamProvider _provider;
    private readonly StreamId _stream;
    private readonly Func<T, StreamSequenceToken, Task> _onNextAsync;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StreamConsumer _catchUp;
    private readonly Lock _heldLock = new();
    private List<StoredEvent>? _held; // non-null while catching up
    private StreamSequenceToken? _lastDelivered;
    private volatile bool _unsubscribed;

    public ExplicitSubscription(StreamProvider provider, StreamId stream, Func<T, StreamSequenceToken, Task> onNextAsync, StreamSequenceToken? after)
    {
        _provider = provider;
        _stream = stream;
        _onNextAsync = onNextAsync;
        Name = $"subscription:{stream}:{Guid.NewGuid():N}";
        Live = new Delivery(this, live: true);
        _catchUp = new Delivery(this, live: false);
        if (after is null) return;
        _lastDelivered = after;
        _held = [];
    }

    public override StreamId StreamId => _stream;

    public string Name { get; }

    /// <summary>What the agents (and dead-letter replays) deliver to.</summary>
    public StreamConsumer Live { get; }

    /// <summary>
    /// Replays the retained events after the stored token, then the live events held meanwhile;
    /// returns once live delivery runs directly. Nothing to do without a stored token. It holds the
    /// gate throughout, so a live delivery that arrives after the hand-over waits for the held events.
    /// </summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        if (_held is null) return;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            while (!_unsubscribed)
            {
                if (!ReachedLiveEvents())
                {
                    var logged = await _provider.Queue.ReadStreamAsync(_stream, _lastDelivered!, _provider.Options.BatchSize, cancellationToken);
                    if (logged.Count > 0)
                    {
                        await DeliverCaughtUpAsync(logged, cancellationToken);
                        continue;
                    }
                }
                // The log is read up to the live events: hand over. Agents deliver a stream in order, so
                // whatever arrives from now on is newer than what is held.
                List<StoredEvent> held;
                lock (_heldLock) (held, _held) = (_held!, null);
                if (held.Count > 0) await DeliverCaughtUpAsync(held, cancellationToken);
                return;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task DeliverCaughtUpAsync(IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        await _provider.DeliverReliablyAsync(_catchUp, _stream, events, cancellationToken);
        // Also past events that were dead-lettered, so they are not read again.
        if (events[^1].Token > _lastDelivered!) _lastDelivered = events[^1].Token;
    }

    // The live events held so far follow one another from the first event an agent delivered after
    // registration: once the log has been read up to that one, the rest need not be read from the log.
    private bool ReachedLiveEvents()
    {
        lock (_heldLock) return _held is [var firstLive, ..] && firstLive.Token <= _lastDelivered!;
    }

    public override Task UnsubscribeAsync()
    {
        _unsubscribed = true;
        _provider.Unsubscribe(this);
        return Task.CompletedTask;
    }

    private async Task DeliverAsync(IReadOnlyList<StoredEvent> events)
    {
        await _gate.WaitAsync(); // live deliveries and dead-letter replays, one at a time, after any catch-up
        try
        {
            await CallBackAsync(events);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task CallBackAsync(IReadOnlyList<StoredEvent> events)
    {
        foreach (var stored in events)
        {
            if (_unsubscribed) return;
            // A replayed dead letter is older than what came since, and was never delivered.
            if (!stored.IsReplay && _lastDelivered is not null && stored.Token <= _lastDelivered) continue;
            var item = StreamJson.Decode<T>(stored);
            await _onNextAsync(item.Item, item.Token);
            if (!stored.IsReplay) _lastDelivered = stored.Token;
        }
    }

    // While catching up, live events are held for the catch-up to deliver after the log.
    private Task DeliverLiveAsync(IReadOnlyList<StoredEvent> events)
    {
        lock (_heldLock)
        {
            if (_held is not null)
            {
                _held.AddRange(events.Where(e => !e.IsReplay));
                if (events.All(e => !e.IsReplay)) return Task.CompletedTask;
                events = events.Where(e => e.IsReplay).ToList();
            }
        }
        return DeliverAsync(events);
    }

    /// <param name="live">Live: held while a catch-up runs. Otherwise the catch-up's own deliveries, made while it holds the gate.</param>
    private sealed class Delivery(ExplicitSubscription<T> subscription, bool live) : StreamConsumer
    {
        public override string Name => subscription.Name;

        public override Task DeliverAsync(StreamId stream, IReadOnlyList<StoredEvent> events) =>
            live ? subscription.DeliverLiveAsync(events) : subscription.CallBackAsync(events);
    }
}
