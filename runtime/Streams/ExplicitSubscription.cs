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
/// wait) and delivered after the catch-up. One "last delivered" token filters what both paths
/// bring, so the callback sees each event once, in order.
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

    public ExplicitSubscription(StreamProvider provider, StreamId stream, Func<T, StreamSequenceToken, Task> onNextAsync, StreamSequenceToken? after)
    {
        _provider = provider;
        _stream = stream;
        _onNextAsync = onNextAsync;
        Name = $"subscription:{stream}:{Guid.NewGuid():N}";
        Live = new Delivery(this, held: true);
        _catchUp = new Delivery(this, held: false);
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
    /// returns once live delivery runs directly. Nothing to do without a stored token.
    /// </summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        while (_held is not null)
        {
            var events = await _provider.Queue.ReadStreamAsync(_stream, _lastDelivered!, _provider.Options.BatchSize, cancellationToken);
            if (events.Count == 0)
            {
                // Caught up with the log: what the agents delivered since registration is held here.
                lock (_heldLock)
                {
                    events = _held;
                    _held = events.Count == 0 ? null : [];
                }
                if (events.Count == 0) return;
            }
            await _provider.DeliverReliablyAsync(_catchUp, _stream, events, cancellationToken);
            // Also past events that were dead-lettered, so they are not read again.
            if (events[^1].Token > _lastDelivered!) _lastDelivered = events[^1].Token;
        }
    }

    public override Task UnsubscribeAsync()
    {
        _provider.Unsubscribe(this);
        return Task.CompletedTask;
    }

    private async Task DeliverAsync(IReadOnlyList<StoredEvent> events)
    {
        await _gate.WaitAsync(); // live deliveries and dead-letter replays, one at a time
        try
        {
            foreach (var stored in events)
            {
                // A replayed dead letter is older than what came since, and was never delivered.
                if (!stored.IsReplay && _lastDelivered is not null && stored.Token <= _lastDelivered) continue;
                var item = StreamJson.Decode<T>(stored);
                await _onNextAsync(item.Item, item.Token);
                if (!stored.IsReplay) _lastDelivered = stored.Token;
            }
        }
        finally
        {
            _gate.Release();
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

    /// <param name="held">Live: held while a catch-up runs. Otherwise (the catch-up's own deliveries): straight to the callback.</param>
    private sealed class Delivery(ExplicitSubscription<T> subscription, bool held) : StreamConsumer
    {
        public override string Name => subscription.Name;

        public override Task DeliverAsync(StreamId stream, IReadOnlyList<StoredEvent> events) =>
            held ? subscription.DeliverLiveAsync(events) : subscription.DeliverAsync(events);
    }
}
