namespace Journal.GrainInterfaces.Realtime;

/// <summary>
/// A node of the cluster that holds devices' live connections (the API's SignalR hub). It subscribes
/// to the users it holds connections for (<see cref="IUserDevicesGrain"/>), so a write handled on any
/// node reaches the user's devices on every node. Awaited, so one user's pushes arrive in the order
/// they were raised (one-way messages may overtake each other); the short timeout bounds how long a
/// dead node holds up the others before it is dropped.
/// </summary>
[Alias("journal.IUpdatesNode")]
public interface IUpdatesNode : IGrainObserver
{
    /// <summary>Sends <paramref name="payload"/> as <paramref name="eventName"/> to the user's connections on this node.</summary>
    [Alias("Push"), ResponseTimeout("00:00:02")]
    Task PushAsync(Guid userId, string eventName, object payload);

    /// <summary>Closes the user's connections of one session, or of all sessions when <paramref name="sessionId"/> is null.</summary>
    [Alias("CloseSessions"), ResponseTimeout("00:00:02")]
    Task CloseSessionsAsync(Guid userId, Guid? sessionId);
}
