using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Journal.Persistence.Streams;

/// <summary>
/// Reads one partition of the outbox for Orleans' pulling agent. The agent asks every
/// <see cref="OutboxStreamOptions.WakeCheckPeriod"/>; the database is read only when a commit
/// notified the partition, the last read was a full batch, committed events were held back behind
/// a running transaction (again after a short, growing delay), or a poll interval passed. The cursor
/// moves when Orleans reports events every consumer has taken (<see cref="MessagesDeliveredAsync"/>),
/// and is stored at most every <see cref="CursorSaveInterval"/>, asynchronously, and durably at
/// shutdown, with what was delivered since the agent's last read (<see cref="OutboxQueueCache"/>):
/// a crash before a write means redelivery (at least once; the consumers' checkpoints skip
/// what they applied), never a gap.
/// </summary>
internal sealed class OutboxQueueReceiver(int partition, OutboxLog log, OutboxListener listener, OutboxStreamOptions options, OutboxMetrics metrics,
    ILogger logger) : IQueueAdapterReceiver
{
    private static readonly TimeSpan FirstHeldBackDelay = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan CursorSaveInterval = TimeSpan.FromMilliseconds(100);

    private OutboxPosition _readAfter = OutboxPosition.Start;
    private OutboxPosition _delivered = OutboxPosition.Start;
    private OutboxPosition _saved = OutboxPosition.Start;
    private long _savedAt, _readAt, _trimmedAt = Environment.TickCount64;
    private bool _readAgain;
    private bool _heldBack;
    private TimeSpan _heldBackDelay = FirstHeldBackDelay;
    private Task _trimming = Task.CompletedTask;

    public async Task Initialize(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        _readAfter = _delivered = _saved = await log.LoadCursorAsync(partition, cancellation.Token);
        _readAgain = true;
    }

    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync(maxCount, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The agent is stopping: Shutdown stores the cursor. (Orleans would log the cancellation as a failed read.)
            return [];
        }
    }

    private async Task<IList<IBatchContainer>> ReadAsync(int maxCount, CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        if (_delivered != _saved && now - _savedAt >= CursorSaveInterval.TotalMilliseconds) await SaveCursorAsync(durable: false, cancellationToken);
        TrimWhenDue(now);
        // Take the mark first: a notification that arrives during the read marks the partition again.
        var woken = listener.TakeWake(partition);
        if (!woken && !_readAgain && now - _readAt < (_heldBack ? _heldBackDelay : options.PollInterval).TotalMilliseconds) return [];
        // Only a look again after the held-back delay doubles it; a read a notification or a full batch
        // asked for starts it anew, or busy partitions would soon wait a poll interval for the last events.
        var heldBackRetry = _heldBack && !woken && !_readAgain;

        var limit = maxCount > 0 ? Math.Min(maxCount, options.BatchSize) : options.BatchSize;
        _readAgain = true; // a failed read is repeated at the agent's next attempt: its wake-up is taken
        var read = await log.ReadPartitionAsync(partition, _readAfter, limit, cancellationToken);
        _readAt = now;
        _readAgain = read.Events.Count == limit;
        _heldBackDelay = read.HeldBack && heldBackRetry ? TimeSpan.FromTicks(Math.Min(_heldBackDelay.Ticks * 2, options.PollInterval.Ticks)) : FirstHeldBackDelay;
        _heldBack = read.HeldBack;
        metrics.HeldBack(log.Provider, partition, read.HeldBack);
        if (read.Events.Count > 0) _readAfter = read.Events[^1].Token.Position;
        return [.. read.Events];
    }

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => MessagesDeliveredAsync(messages, CancellationToken.None);

    // Orleans hands back what it purged from its cache: events every consumer's cursor has passed.
    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages.OfType<OutboxBatchContainer>())
        {
            metrics.Delivered(message.CreatedAt);
            if (message.Token.Position > _delivered) _delivered = message.Token.Position;
        }
        return Task.CompletedTask;
    }

    // Everything up to the delivered position is done: keep that durably, so the next owner of the
    // partition redelivers less.
    public async Task Shutdown(TimeSpan timeout)
    {
        await _trimming;
        metrics.Released(log.Provider, partition);
        if (_delivered == _saved) return;
        try
        {
            using var cancellation = new CancellationTokenSource(timeout);
            await SaveCursorAsync(durable: true, cancellation.Token);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Saving the cursor of partition {Partition} of '{Provider}' at shutdown failed; its last events will be redelivered", partition, log.Provider);
        }
    }

    private async Task SaveCursorAsync(bool durable, CancellationToken cancellationToken)
    {
        var cursor = _delivered;
        await log.SaveCursorAsync(partition, cursor, durable, cancellationToken);
        (_saved, _savedAt) = (cursor, Environment.TickCount64);
    }

    // Retention runs beside delivery, one partition at a time, so a slow delete never holds the agent.
    private void TrimWhenDue(long now)
    {
        if (!_trimming.IsCompleted || now - _trimmedAt < options.RetentionPeriod.TotalMilliseconds) return;
        _trimmedAt = now;
        _trimming = Task.Run(async () =>
        {
            try
            {
                var deleted = await log.TrimAsync(partition, options.Retention, CancellationToken.None);
                if (deleted > 0) logger.LogInformation("Retention deleted {Count} delivered events of partition {Partition} of '{Provider}'", deleted, partition, log.Provider);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Retention of partition {Partition} of '{Provider}' failed; it runs again in {Period}", partition, log.Provider, options.RetentionPeriod);
            }
        });
    }
}
