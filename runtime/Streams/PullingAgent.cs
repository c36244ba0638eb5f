using Microsoft.Extensions.Logging;

namespace Journal.Runtime;

/// <summary>
/// Delivers one partition: reads the next batch after its cursor, delivers it, then moves the
/// cursor. It reads again at once only after a full batch; otherwise it sleeps until a notification
/// (one that came during the delivery counts), the poll interval, or — while committed events are
/// held back behind a running transaction — a short, growing delay. The cursor is stored at most
/// every <see cref="CursorSaveInterval"/> while busy, when the partition goes quiet, and at stop: a
/// crash before a write means redelivery (at least once; the consumers' checkpoints skip what they
/// applied), never a gap.
/// </summary>
internal sealed class PullingAgent(StreamProvider provider, int partition, ILogger logger)
{
    private static readonly TimeSpan FirstHeldBackDelay = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan CursorSaveInterval = TimeSpan.FromMilliseconds(100);

    private readonly WakeSignal _signal = new();

    /// <summary>Whether the last read found committed events held back by an older running transaction.</summary>
    public bool HeldBack { get; private set; }

    public void Wake() => _signal.Wake();

    public async Task RunAsync(CancellationToken stopping)
    {
        var options = provider.Options;
        StreamSequenceToken? cursor = null, saved = null;
        var savedAt = Environment.TickCount64;
        var heldBackDelay = FirstHeldBackDelay;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                cursor ??= saved = await provider.Queue.LoadCursorAsync(partition, stopping);
                var batch = await provider.Queue.ReadPartitionAsync(partition, cursor, options.BatchSize, stopping);
                HeldBack = batch.HeldBack;
                if (batch.Events.Count > 0)
                {
                    var deadLettered = await provider.DeliverAsync(batch.Events, stopping);
                    cursor = batch.Events[^1].Token;
                    heldBackDelay = FirstHeldBackDelay;
                    // Past a dead letter the cursor is stored at once and durably: were it lost, the
                    // event would come again and might succeed, and a replay of its letter would then
                    // apply it a second time.
                    if (deadLettered) await SaveAsync(durable: true);
                    else if (Environment.TickCount64 - savedAt >= CursorSaveInterval.TotalMilliseconds) await SaveAsync();
                    if (batch.Events.Count == options.BatchSize) continue;
                }
                var wait = batch.HeldBack ? heldBackDelay : options.PollInterval;
                heldBackDelay = batch.HeldBack ? TimeSpan.FromTicks(Math.Min(heldBackDelay.Ticks * 2, options.PollInterval.Ticks)) : FirstHeldBackDelay;
                // Quiet for a whole wait: store the cursor (not while held back: that is contention).
                if (!await _signal.WaitAsync(wait, stopping) && !batch.HeldBack && cursor != saved && !stopping.IsCancellationRequested)
                    await SaveAsync();
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The database is unreachable or a cursor write failed: nothing was skipped, try again.
                logger.LogError(e, "Stream agent for partition {Partition} of '{Provider}' failed; retrying", partition, provider.Name);
                await _signal.WaitAsync(options.PollInterval, stopping);
            }
        }
        if (cursor is not null && cursor != saved) await SaveFinalCursorAsync(cursor);

        async Task SaveAsync(bool durable = false)
        {
            await provider.Queue.SaveCursorAsync(partition, cursor, durable, stopping);
            (saved, savedAt) = (cursor, Environment.TickCount64);
        }
    }

    // Everything up to the cursor was delivered: keep that, so the next start redelivers less.
    private async Task SaveFinalCursorAsync(StreamSequenceToken cursor)
    {
        try
        {
            await provider.Queue.SaveCursorAsync(partition, cursor, durable: true, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Saving the cursor of partition {Partition} of '{Provider}' at stop failed; its last events will be redelivered", partition, provider.Name);
        }
    }
}
