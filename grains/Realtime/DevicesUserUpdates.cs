using Journal.GrainInterfaces.Realtime;
using Microsoft.Extensions.Logging;

namespace Journal.Grains.Realtime;

/// <summary>
/// Pushes through the user's <see cref="IUserDevicesGrain"/>, which reaches every node holding a
/// connection of theirs. A push that cannot be sent is logged, never the writer's failure: the state
/// it carries is read again by a device when it reconnects.
/// </summary>
internal sealed class DevicesUserUpdates(IGrainFactory grains, ILogger<DevicesUserUpdates> logger) : IUserUpdates
{
    public Task SendAsync(Guid userId, string eventName, object payload) =>
        BestEffortAsync(grains.GetGrain<IUserDevicesGrain>(userId).PushAsync(eventName, payload), eventName, userId);

    public Task CloseSessionsAsync(Guid userId, Guid? sessionId) =>
        BestEffortAsync(grains.GetGrain<IUserDevicesGrain>(userId).CloseSessionsAsync(sessionId), "close", userId);

    private async Task BestEffortAsync(Task send, string what, Guid userId)
    {
        try
        {
            await send;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not send {What} to the devices of {UserId}", what, userId);
        }
    }
}
