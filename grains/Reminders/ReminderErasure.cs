using Journal.GrainInterfaces.Reminders;
using Journal.Grains.Accounts;

namespace Journal.Grains.Reminders;

/// <summary>Account deletion: the user's reminder grain erases its rows and its durable runtime reminders.</summary>
internal sealed class ReminderErasure : IAccountErasure
{
    public Task EraseAsync(IGrainFactory grains, Guid userId, bool deleteCommunityContent) => grains.GetGrain<IReminderGrain>(userId).EraseAsync();
}
