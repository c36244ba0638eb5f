namespace Journal.Runtime;

/// <summary>
/// Implemented by a grain with <see cref="ImplicitStreamSubscriptionAttribute"/>: the events of every
/// stream of the namespace are delivered to the grain whose key is the stream's key, activating it
/// if needed. Each call is a turn of the grain and carries the next events of one stream in order.
/// Delivery is at least once: keep a <see cref="StreamCheckpoints"/> in the grain's state and write
/// it with the effects, so each event takes effect exactly once. If the call throws, the activation
/// is dropped (so memory is reloaded from storage) and the events are retried with back-off; after
/// <see cref="StreamProviderOptions.MaxDeliveryAttempts"/> an event goes to the dead letters.
/// </summary>
public interface IStreamSubscriber<T>
{
    Task OnNextAsync(StreamId stream, IReadOnlyList<StreamItem<T>> items);
}
