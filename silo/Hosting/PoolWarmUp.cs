using Microsoft.Extensions.Logging;
using Npgsql;

namespace Journal.Silo;

/// <summary>
/// Opens the pool's minimum of connections (Minimum Pool Size) while the silo starts, after the
/// migrations, so that the first burst of requests does not open them itself. Opening one costs the
/// machine tens of milliseconds (a new server process, SCRAM authentication): on this machine 40 opened
/// at once held a burst of 64 users' check-ins up for about a second (docs/PERFORMANCE.md). A
/// connection that cannot be opened (the server's max_connections reached) is left to open on demand.
/// </summary>
internal sealed class PoolWarmUp(NpgsqlDataSource dataSource, ILogger<PoolWarmUp> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PoolWarmUp), ServiceLifecycleStage.RuntimeInitialize, FillAsync);

    /// <summary>Opens the pool's minimum of connections at once and returns them to it; how many were opened.</summary>
    public async Task<int> FillAsync(CancellationToken cancellationToken)
    {
        var minimum = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MinPoolSize;
        // Held open together, so that each is a connection of its own.
        var opening = Enumerable.Range(0, minimum).Select(_ => dataSource.OpenConnectionAsync(cancellationToken).AsTask()).ToList();
        try
        {
            await Task.WhenAll(opening);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            logger.LogWarning(e, "Opened {Opened} of the pool's minimum of {Minimum} PostgreSQL connections at start; the rest open when needed", Opened(), minimum);
        }
        finally
        {
            // Back to the pool, whatever became of the others.
            foreach (var task in opening.Where(task => task.IsCompletedSuccessfully)) await task.Result.DisposeAsync();
        }
        return Opened();

        int Opened() => opening.Count(task => task.IsCompletedSuccessfully);
    }
}
