using Microsoft.Extensions.Logging;

namespace Journal.Runtime;

/// <summary>
/// Delivers one partition: reads the next batch after its cursor, delivers it, then stores the
/// cursor. A crash between delivery and the cursor write means redelivery (at least once), never a
/// gap. It sleeps until a notification or the poll interval; while committed events are held back
/// behind a running transaction it looks again after a short, growing delay.
/// </summary>
internal sealed class PullingAgent(StreamProvider provider, int partition, ILogger logger)
{
    private static readonly TimeSpan FirstHeldBackDelay = TimeSpan.FromMilliseconds(2);

    private readonly WakeSignal _signal = new();

    public int Partition => partition;

    /// <summary>Whether the last read found committed events held back by an older running transaction.</summary>
    public bool HeldBack { get; private set; }

    public void Wake() => _signal.Wake();

    public async Task RunAsync(CancellationToken stopping)
    {
        var options = provider.Options;
        StreamSequenceToken? cursor = null;
        var heldBackDelay = FirstHeldBackDelay;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                cursor ??= await provider.Queue.LoadCursorAsync(partition, stopping);
                var batch = await provider.Queue.ReadPartitionAsync(partition, cursor, options.BatchSize, stopping);
                HeldBack = batch.HeldBack;
                if (batch.Events.Count > 0)
                {
                    await provider.DeliverAsync(batch.Events, stopping);
                    cursor = batch.Events[^1].Token;
                    await provider.Queue.SaveCursorAsync(partition, cursor, stopping);
                    heldBackDelay = FirstHeldBackDelay;
                    continue;
                }
                var wait = batch.HeldBack ? heldBackDelay : options.PollInterval;
                heldBackDelay = batch.HeldBack ? TimeSpan.FromTicks(Math.Min(heldBackDelay.Ticks * 2, options.PollInterval.Ticks)) : FirstHeldBackDelay;
                await _signal.WaitAsync(wait, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is unreachable or a cursor write failed: nothing was skipped, try again.
                logger.LogError(e, "Stream agent for partition {Partition} of '{Provider}' failed; retrying", partition, provider.Name);
                await _signal.WaitAsync(options.PollInterval, stopping);
            }
        }
    }
}
