namespace Journal.Runtime;

/// <summary>
/// A named stream provider (Orleans' <c>IStreamProvider</c>): from a grain,
/// <c>GetStreamProvider(name)</c>; elsewhere, the keyed <see cref="IStreamProvider"/> service or
/// <see cref="GrainRuntime.GetStreamProvider"/>.
/// </summary>
public interface IStreamProvider
{
    string Name { get; }

    IAsyncStream<T> GetStream<T>(StreamId streamId);

    /// <summary>The oldest events that consumers kept failing, oldest first.</summary>
    Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>
    /// Delivers a dead letter to its consumer again. True when it succeeded (the letter is removed);
    /// false when it failed again (the letter stays, with the new error).
    /// </summary>
    /// <exception cref="KeyNotFoundException">No dead letter has this id.</exception>
    /// <exception cref="InvalidOperationException">Its consumer no longer exists (an explicit subscription that ended).</exception>
    Task<bool> ReplayDeadLetterAsync(long id, CancellationToken cancellationToken = default);
}

/// <summary>One stream of <typeparamref name="T"/> events (Orleans' <c>IAsyncStream&lt;T&gt;</c>).</summary>
public interface IAsyncStream<T>
{
    StreamId StreamId { get; }

    /// <summary>
    /// Publishes an event in a transaction of its own. Inside a grain that also changes state, publish
    /// through <see cref="UnitOfWork.Publish{T}"/> instead, so the event exists iff the change committed.
    /// </summary>
    Task OnNextAsync(T item, CancellationToken cancellationToken = default);

    /// <summary>Publishes several events, in order, in one transaction.</summary>
    Task OnNextBatchAsync(IEnumerable<T> items, CancellationToken cancellationToken = default);

    /// <summary>
    /// An explicit subscription for code that is not a grain (e.g. the API's real-time bridge). Events
    /// come in order, each once per subscription while it lives; with <paramref name="after"/> (a token
    /// the subscriber stored) it first replays the retained events after that token. A callback that
    /// throws is retried, then its event is dead-lettered.
    /// </summary>
    Task<StreamSubscriptionHandle> SubscribeAsync(Func<T, StreamSequenceToken, Task> onNextAsync, StreamSequenceToken? after = null,
        CancellationToken cancellationToken = default);
}

/// <summary>Ends an explicit subscription.</summary>
public abstract class StreamSubscriptionHandle : IAsyncDisposable
{
    public abstract StreamId StreamId { get; }

    public abstract Task UnsubscribeAsync();

    public async ValueTask DisposeAsync() => await UnsubscribeAsync();
}

/// <summary>An event a consumer still failed after every attempt; the stream moved on without it.</summary>
public sealed record DeadLetter(
    long Id,
    string Consumer,
    StreamId Stream,
    StreamSequenceToken Token,
    string EventType,
    string Payload,
    string Error,
    int Attempts,
    DateTimeOffset FailedAt);
