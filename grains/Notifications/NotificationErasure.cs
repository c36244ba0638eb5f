using Journal.GrainInterfaces.Notifications;
using Journal.Grains.Accounts;

namespace Journal.Grains.Notifications;

/// <summary>Account deletion: the user's inbox erases its rows.</summary>
internal sealed class NotificationErasure : IAccountErasure
{
    public Task EraseAsync(IGrainFactory grains, Guid userId, bool deleteCommunityContent) => grains.GetGrain<INotificationGrain>(userId).EraseAsync();
}
