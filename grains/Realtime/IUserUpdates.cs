namespace Journal.Grains.Realtime;

/// <summary>
/// Pushes a change to every connected device of a user, on whichever node it is connected.
/// Best effort: a device that is offline reads the current state when it reconnects.
/// </summary>
public interface IUserUpdates
{
    Task SendAsync(Guid userId, string eventName, object payload);

    /// <summary>Closes the live connections of an ended session (all of the user's when <paramref name="sessionId"/> is null).</summary>
    Task CloseSessionsAsync(Guid userId, Guid? sessionId);
}

/// <summary>Event names clients listen for (PRODUCT.md §4).</summary>
public static class UserUpdateEvents
{
    public const string StreakUpdated = "streakUpdated";
    public const string GardenUpdated = "gardenUpdated";
    public const string ReminderDue = "reminderDue";
    public const string Notification = "notification";
}
