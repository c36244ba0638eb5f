using Journal.Api.Auth;
using Journal.GrainInterfaces.Accounts;
using Journal.Grains.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace Journal.Api.Realtime;

/// <summary>
/// <c>/hubs/updates</c>: every connected device of a user receives <c>streakUpdated</c>,
/// <c>gardenUpdated</c> (and later <c>reminderDue</c>, <c>notification</c>). Clients only listen;
/// the connection needs a valid access token (WebSockets pass it as <c>access_token</c>), closes when
/// that token expires, and is closed at once when its session ends (<see cref="UpdatesConnections"/>).
/// </summary>
public sealed class UpdatesHub(UpdatesConnections connections, IGrainFactory grains) : Hub
{
    public const string Path = "/hubs/updates";

    // The token was checked at the upgrade; the session may have ended before the handshake
    // finished, when no registry entry existed to close. Checked again once registered.
    public override async Task OnConnectedAsync()
    {
        connections.Add(Context);
        if (await grains.GetGrain<IUserGrain>(Context.User!.GetUserId()).CheckAccessAsync(Context.User!.GetSessionId()) is null) Context.Abort();
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

/// <summary>The grains' pushes, sent to the user's connections through the hub.</summary>
public sealed class HubUserUpdates(IHubContext<UpdatesHub> hub) : IUserUpdates
{
    public Task SendAsync(Guid userId, string eventName, object payload) => hub.Clients.User(userId.ToString()).SendAsync(eventName, payload);
}
