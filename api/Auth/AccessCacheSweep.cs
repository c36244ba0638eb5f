namespace Journal.Api.Auth;

/// <summary>Empties the node's <see cref="AccessCache"/> of users who made no request for a while, so it holds only active users.</summary>
public sealed class AccessCacheSweep(AccessCache cache) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(AccessCache.MaxAge);
        while (await timer.WaitForNextTickAsync(stoppingToken)) cache.Sweep();
    }
}
