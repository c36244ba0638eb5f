namespace Journal.GrainInterfaces.Accounts;

/// <summary>
/// A node that answers its requests' session checks from memory (the API's access cache). The account
/// grain that answered the node tells it to forget the user before a revocation, a deletion, or a
/// change of roles, zone, settings or consent is acknowledged, and when the grain deactivates (its
/// successor would not know the node). Awaited, so the change holds on the node's next request; the
/// short timeout bounds how long a dead node holds up the change.
/// </summary>
[Alias("journal.IAccessCacheNode")]
public interface IAccessCacheNode : IGrainObserver
{
    /// <summary>Drops every session check of <paramref name="userId"/> this node holds.</summary>
    [Alias("Forget"), ResponseTimeout("00:00:02")]
    Task ForgetAsync(Guid userId);
}
