using Journal.GrainInterfaces.Realtime;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Journal.Grains.Realtime;

/// <summary>
/// Fans one user's pushes out to the nodes holding that user's connections. Nothing is stored: a
/// node renews its subscription every <see cref="UpdatesSubscriptions.RenewEvery"/> while it holds
/// connections of the user, and one not renewed for <see cref="UpdatesSubscriptions.Lapse"/> is dropped.
/// </summary>
[GrainType(GrainTypes.UserDevices)]
public sealed class UserDevicesGrain(ILogger<UserDevicesGrain> logger) : Grain, IUserDevicesGrain
{
    private readonly ObserverManager<IUpdatesNode> _nodes = new(UpdatesSubscriptions.Lapse, logger);

    private Guid UserId => this.GetPrimaryKey();

    public Task SubscribeAsync(IUpdatesNode node)
    {
        _nodes.Subscribe(node, node);
        return Task.CompletedTask;
    }

    public Task PushAsync(string eventName, object payload) => _nodes.Notify(node => node.PushAsync(UserId, eventName, payload));

    public Task CloseSessionsAsync(Guid? sessionId) => _nodes.Notify(node => node.CloseSessionsAsync(UserId, sessionId));
}
