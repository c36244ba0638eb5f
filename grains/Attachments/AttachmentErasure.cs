using Journal.GrainInterfaces.Attachments;
using Journal.Grains.Accounts;

namespace Journal.Grains.Attachments;

/// <summary>Account deletion: the user's attachments grain deletes its rows and every blob (already unreadable: the key that sealed them is gone).</summary>
internal sealed class AttachmentErasure : IAccountErasure
{
    public Task EraseAsync(IGrainFactory grains, Guid userId, bool deleteCommunityContent) => grains.GetGrain<IAttachmentsGrain>(userId).EraseAsync();
}
