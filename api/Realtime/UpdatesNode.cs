using Journal.GrainInterfaces.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace Journal.Api.Realtime;

/// <summary>
/// This node as the cluster sees it: the users' <see cref="IUserDevicesGrain"/>s call it, wherever they
/// run, to reach the connections held here. One object reference for the node's lifetime (the runtime
/// holds observers weakly; this singleton keeps it alive).
/// </summary>
public sealed class UpdatesNode(IHubContext<UpdatesHub> hub, UpdatesConnections connections, IGrainFactory grains) : IUpdatesNode
{
    private IUpdatesNode? _reference;

    private IUpdatesNode Reference => _reference ??= grains.CreateObjectReference<IUpdatesNode>(this);

    /// <summary>Asks for the user's pushes to reach this node (again: subscriptions lapse unless renewed).</summary>
    public Task SubscribeAsync(Guid userId) => grains.GetGrain<IUserDevicesGrain>(userId).SubscribeAsync(Reference);

    public Task PushAsync(Guid userId, string eventName, object payload) =>
        hub.Clients.User(userId.ToString()).SendAsync(eventName, payload);

    public Task CloseSessionsAsync(Guid userId, Guid? sessionId)
    {
        if (sessionId is { } session) connections.AbortSession(session);
        else connections.AbortUser(userId);
        return Task.CompletedTask;
    }
}
