using Dapper;
using Journal.Persistence.Connections;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Journal.Persistence.Streams;

/// <summary>
/// Holds one LISTEN connection per provider and silo and marks a partition awake when a commit
/// notifies it, so its pulling agent reads within milliseconds instead of waiting a poll interval.
/// After every (re)connect all partitions are woken, because notifications sent while no one listened
/// are lost; polling covers the gap meanwhile. A silent connection is probed now and then, so a dead
/// one (a NAT timeout, a failover) is noticed and replaced. The connection is not pooled: its LISTEN
/// ends with it instead of passing to the pool's next user.
/// </summary>
public sealed class OutboxListener(OutboxLog log, NpgsqlDataSource dataSource, ILogger<OutboxListener> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(30);

    private readonly int[] _awake = Enumerable.Repeat(1, log.Mapper.Partitions).ToArray();
    private readonly CancellationTokenSource _stopping = new();
    private Task _listening = Task.CompletedTask;

    /// <summary>Whether the partition was notified since the last call (clears the mark).</summary>
    public bool TakeWake(int partition) => Interlocked.Exchange(ref _awake[partition], 0) == 1;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(OutboxListener)}:{log.Provider}", ServiceLifecycleStage.RuntimeServices,
            _ =>
            {
                _listening = Task.Run(() => ListenAsync(_stopping.Token));
                return Task.CompletedTask;
            },
            async _ =>
            {
                await _stopping.CancelAsync();
                await _listening;
            });

    private void WakeAll()
    {
        for (var p = 0; p < _awake.Length; p++) Volatile.Write(ref _awake[p], 1);
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await DedicatedConnection.OpenAsync(dataSource, cancellationToken);
                connection.Notification += (_, e) =>
                {
                    if (int.TryParse(e.Payload, out var partition) && partition >= 0 && partition < _awake.Length) Volatile.Write(ref _awake[partition], 1);
                };
                await connection.ExecuteAsync($"LISTEN \"{log.Notifier.Channel}\"");
                WakeAll();
                while (true)
                    if (!await connection.WaitAsync(ProbeInterval, cancellationToken))
                        await connection.ExecuteAsync(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                // The host went away without stopping the silo (its start failed): nothing to listen for.
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Listening for stream notifications on {Channel} failed; agents poll until it reconnects", log.Notifier.Channel);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
