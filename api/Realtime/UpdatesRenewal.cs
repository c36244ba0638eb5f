using Journal.GrainInterfaces.Realtime;

namespace Journal.Api.Realtime;

/// <summary>
/// Renews this node's subscription for every user it holds a connection of, so that a user's devices
/// grain that moved to another silo (or forgot the node) reaches it again within one period. Nothing
/// unsubscribes: a user who left is no longer renewed, and the subscription lapses.
/// </summary>
public sealed class UpdatesRenewal(UpdatesConnections connections, UpdatesNode node, ILogger<UpdatesRenewal> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(UpdatesSubscriptions.RenewEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var userId in connections.Users())
            {
                try
                {
                    await node.SubscribeAsync(userId);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Could not renew the push subscription of {UserId}; trying again next period", userId);
                }
            }
        }
    }
}
