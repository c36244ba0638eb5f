
namespace Journal.Grains.Accounts;

/// <summary>
/// One feature's part of deleting an account: it has its own grains erase the user's rows and
/// state. Features register one each (journal, mood, progress; the community adds its own), and
/// <see cref="UserGrain"/> runs them after the user's data key has been destroyed. Each must be
/// idempotent: an interrupted deletion runs them all again.
/// </summary>
public interface IAccountErasure
{
    Task EraseAsync(IGrainFactory grains, Guid userId, bool deleteCommunityContent);
}
