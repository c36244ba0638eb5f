using Journal.GrainInterfaces.Mood;
using Journal.Grains.Accounts;

namespace Journal.Grains.Mood;

/// <summary>Account deletion: the user's mood grain erases its rows and state.</summary>
internal sealed class MoodErasure : IAccountErasure
{
    public Task EraseAsync(IGrainFactory grains, Guid userId, bool deleteCommunityContent) => grains.GetGrain<IMoodGrain>(userId).EraseAsync();
}
