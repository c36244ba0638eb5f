using Journal.Api.Auth;
using Journal.GrainInterfaces.Accounts;
using Microsoft.AspNetCore.SignalR;

namespace Journal.Api.Realtime;

/// <summary>
/// <c>/hubs/updates</c>: every connected device of a user receives <c>streakUpdated</c>,
/// <c>gardenUpdated</c> (and later <c>reminderDue</c>, <c>notification</c>). Clients only listen;
/// the connection needs a valid access token (WebSockets pass it as <c>access_token</c>), closes when
/// that token expires, and is closed at once when its session ends (<see cref="UpdatesConnections"/>).
/// </summary>
public sealed class UpdatesHub(UpdatesConnections connections, UpdatesNode node, IGrainFactory grains) : Hub
{
    public const string Path = "/hubs/updates";

    // Registered and subscribed first, so that a push or a session's end from now on reaches this
    // connection from any node. The token was checked at the upgrade; the session may have ended
    // before the registration, when there was nothing to close: checked again once registered.
    public override async Task OnConnectedAsync()
    {
        connections.Add(Context);
        await node.SubscribeAsync(Context.User!.GetUserId());
        if (await grains.GetGrain<IUserGrain>(Context.User!.GetUserId()).CheckAccessAsync(Context.User!.GetSessionId(), quota: null, cachingNode: null) is null) Context.Abort();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context.ConnectionId);
        return Task.CompletedTask;
    }
}

/// <summary>SignalR addresses a user by the access token's subject (the user id).</summary>
public sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => connection.User.FindFirst(JournalClaims.UserId)?.Value;
}
