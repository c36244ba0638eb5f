using Journal.GrainInterfaces.Community;
using Journal.Grains.Accounts;

namespace Journal.Grains.Community;

/// <summary>
/// Account deletion (PRODUCT.md §1): the member's posts and comments stay under their pseudonym with
/// the author link removed, or are deleted when the user asked; their reports and appeals lose their link.
/// </summary>
internal sealed class CommunityErasure : IAccountErasure
{
    public Task EraseAsync(IGrainFactory grains, Guid userId, bool deleteCommunityContent) =>
        grains.GetGrain<IMemberGrain>(userId).EraseAsync(deleteCommunityContent);
}
