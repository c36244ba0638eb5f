using Journal.GrainInterfaces.Accounts;
using Microsoft.Extensions.Logging;

namespace Journal.Grains.Accounts;

/// <summary>
/// The nodes holding session checks of one user in memory, as the account activation that answered
/// them knows them. Before a change to what a check says is acknowledged, every one of them forgets the
/// user; a node that asks again afterwards is recorded again.
/// </summary>
internal sealed class AccessCachers(ILogger logger)
{
    private readonly HashSet<IAccessCacheNode> _nodes = [];

    /// <summary>Records a node; called before the check it caches is answered, so no later change misses it.</summary>
    public void Add(IAccessCacheNode node) => _nodes.Add(node);

    /// <summary>
    /// Has every recorded node forget <paramref name="userId"/>, and waits for them. A node that cannot
    /// be reached is logged and dropped: what it holds lapses with its age limit or with the death of
    /// this silo, which it watches.
    /// </summary>
    public async Task ForgetAsync(Guid userId)
    {
        if (_nodes.Count == 0) return;
        var nodes = _nodes.ToArray();
        _nodes.Clear();
        await Task.WhenAll(nodes.Select(async node =>
        {
            try
            {
                await node.ForgetAsync(userId);
            }
            catch (ClientNotAvailableException e)
            {
                // The node's client is gone (its silo stopped, as every node's does at shutdown), and what it held with it.
                logger.LogDebug(e, "The node that held session checks of {UserId} is gone", userId);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "A node holding session checks of {UserId} could not be told to forget them", userId);
            }
        }));
    }
}
