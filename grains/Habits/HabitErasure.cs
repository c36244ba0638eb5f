using Journal.GrainInterfaces.Habits;
using Journal.Grains.Accounts;

namespace Journal.Grains.Habits;

/// <summary>Account deletion: the user's habit grain erases its rows and state.</summary>
internal sealed class HabitErasure : IAccountErasure
{
    public Task EraseAsync(IGrainFactory grains, Guid userId, bool deleteCommunityContent) => grains.GetGrain<IHabitGrain>(userId).EraseAsync();
}
