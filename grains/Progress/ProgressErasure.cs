using Journal.GrainInterfaces.Progress;
using Journal.Grains.Accounts;

namespace Journal.Grains.Progress;

/// <summary>Account deletion: the user's progress grain erases its rows and state.</summary>
internal sealed class ProgressErasure : IAccountErasure
{
    public Task EraseAsync(IGrainFactory grains, Guid userId, bool deleteCommunityContent) => grains.GetGrain<IProgressGrain>(userId).EraseAsync();
}
