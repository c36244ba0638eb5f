namespace Journal.Grains.Realtime;

/// <summary>
/// Pushes a change to every connected device of a user (the API's SignalR hub implements it).
/// Best effort: a device that is offline reads the current state when it reconnects.
/// </summary>
public interface IUserUpdates
{
    Task SendAsync(Guid userId, string eventName, object payload);
}

/// <summary>Event names clients listen for (PRODUCT.md §4).</summary>
public static class UserUpdateEvents
{
    public const string StreakUpdated = "streakUpdated";
    public const string GardenUpdated = "gardenUpdated";
    public const string ReminderDue = "reminderDue";
    public const string Notification = "notification";
}

/// <summary>A silo without the API has no connected devices to tell.</summary>
internal sealed class NoConnectedDevices : IUserUpdates
{
    public Task SendAsync(Guid userId, string eventName, object payload) => Task.CompletedTask;
}
