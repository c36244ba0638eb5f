using Journal.Runtime;

namespace Journal.Tests.Streams.InvalidGrains;

public interface IUnsubscribableGrain : IGrainWithStringKey
{
    Task Ping();
}

/// <summary>Subscribes to a namespace without implementing IStreamSubscriber&lt;T&gt;: the runtime must refuse to start.</summary>
[ImplicitStreamSubscription("orphans")]
public sealed class UnsubscribableGrain : Grain, IUnsubscribableGrain
{
    public Task Ping() => Task.CompletedTask;
}
