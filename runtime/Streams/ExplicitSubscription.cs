namespace Journal.Runtime;

/// <summary>What the provider keeps of an explicit subscription, whatever its event type.</summary>
internal interface IExplicitSubscription
{
    string Name { get; }
    StreamId StreamId { get; }
    StreamConsumer Live { get; }
}

/// <summary>
/// A subscription made with <see cref="IAsyncStream{T}.SubscribeAsync"/>. Catch-up from a stored
/// token and live deliveries go through one gate and one "last delivered" token, so the callback
/// sees each event once, in order, whichever path brought it.
/// </summary>
internal sealed class ExplicitSubscription<T> : StreamSubscriptionHandle, IExplicitSubscription
{
    private readonly StreamProvider _provider;
    private readonly StreamId _stream;
    private readonly Func<T, StreamSequenceToken, Task> _onNextAsync;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StreamConsumer _catchUp;
    private StreamSequenceToken? _lastDelivered;

    public ExplicitSubscription(StreamProvider provider, StreamId stream, Func<T, StreamSequenceToken, Task> onNextAsync)
    {
        _provider = provider;
        _stream = stream;
        _onNextAsync = onNextAsync;
        Name = $"subscription:{stream}:{Guid.NewGuid():N}";
        Live = new Delivery(this, gated: true);
        _catchUp = new Delivery(this, gated: false);
    }

    public override StreamId StreamId => _stream;

    public string Name { get; }

    /// <summary>What the agents (and dead-letter replays) deliver to; waits while a catch-up runs.</summary>
    public StreamConsumer Live { get; }

    /// <summary>Replays the retained events after <paramref name="after"/>; live deliveries wait meanwhile.</summary>
    public async Task CatchUpAsync(StreamSequenceToken after, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _lastDelivered = after;
            while (true)
            {
                var events = await _provider.Queue.ReadStreamAsync(_stream, _lastDelivered, _provider.Options.BatchSize, cancellationToken);
                if (events.Count == 0) return;
                await _provider.DeliverReliablyAsync(_catchUp, _stream, events, cancellationToken);
                _lastDelivered = events[^1].Token; // also past events that were dead-lettered
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public override Task UnsubscribeAsync()
    {
        _provider.Unsubscribe(this);
        return Task.CompletedTask;
    }

    private async Task DeliverAsync(IReadOnlyList<StoredEvent> events, bool gated)
    {
        if (gated) await _gate.WaitAsync();
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
            if (gated) _gate.Release();
        }
    }

    private sealed class Delivery(ExplicitSubscription<T> subscription, bool gated) : StreamConsumer
    {
        public override string Name => subscription.Name;

        public override Task DeliverAsync(StreamId stream, IReadOnlyList<StoredEvent> events) => subscription.DeliverAsync(events, gated);
    }
}
