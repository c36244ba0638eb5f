namespace Journal.GrainInterfaces.Realtime;

/// <summary>
/// Where one user's pushes meet the nodes holding that user's live connections (key: user id).
/// Subscriptions live in memory and lapse unless renewed, so a node that died stops being sent to,
/// and a subscription lost with its silo is back at the node's next renewal. Pushes are awaited, so they
/// keep the order they were raised in; the timeout bounds how long a writer can wait on its devices.
/// </summary>
[Alias("journal.IUserDevicesGrain")]
public interface IUserDevicesGrain : IGrainWithGuidKey
{
    /// <summary>Subscribes (or renews) a node holding connections of this user.</summary>
    [Alias("Subscribe")]
    Task SubscribeAsync(IUpdatesNode node);

    /// <summary>Sends an event to the user's connections on every subscribed node.</summary>
    [Alias("Push"), ResponseTimeout("00:00:05")]
    Task PushAsync(string eventName, object payload);

    /// <summary>Closes the connections of one ended session (or of all, <paramref name="sessionId"/> null) on every node.</summary>
    [Alias("CloseSessions"), ResponseTimeout("00:00:05")]
    Task CloseSessionsAsync(Guid? sessionId);
}
