using Journal.GrainInterfaces.Journal;
using Journal.Grains.Accounts;

namespace Journal.Grains.Journal;

/// <summary>Account deletion: the user's journal grain erases its rows and state.</summary>
internal sealed class JournalErasure : IAccountErasure
{
    public Task EraseAsync(IGrainFactory grains, Guid userId, bool deleteCommunityContent) => grains.GetGrain<IJournalGrain>(userId).EraseAsync();
}
