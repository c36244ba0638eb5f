using Journal.GrainInterfaces.Insights;
using Journal.Grains.Accounts;

namespace Journal.Grains.Insights;

/// <summary>Account deletion: the user's insights grain deletes its documents, its state and its reminder. The platform counts hold no user id and stay.</summary>
internal sealed class InsightsErasure : IAccountErasure
{
    public Task EraseAsync(IGrainFactory grains, Guid userId, bool deleteCommunityContent) => grains.GetGrain<IInsightsGrain>(userId).EraseAsync();
}
