namespace Journal.Persistence.Streams;

/// <summary>
/// When a stream consumer writes the state its events changed: not once per delivery, but
/// <paramref name="delay"/> after the first unwritten event (<see cref="OutboxStreamOptions.ConsumerWriteDelay"/>),
/// at once when <see cref="MaxEvents"/> wait, and
/// when the consumer writes for another reason (<see cref="Written"/>). Only for a consumer that catches
/// up when it activates (<see cref="StreamConsumerGrain{TEvent}.CatchUpAsync"/>): the stream counts an
/// event delivered before it is written, so a lost activation's unwritten events come from the outbox.
/// </summary>
public sealed class WriteBehind(IGrainBase grain, TimeSpan delay, Func<Task> write)
{
    /// <summary>How many applied events may wait for a write at most.</summary>
    public const int MaxEvents = 100;

    private int _unwritten;
    private IGrainTimer? _timer;

    /// <summary>Whether memory holds applied events that storage does not.</summary>
    public bool Pending => _unwritten > 0;

    /// <summary>Records <paramref name="events"/> applied in memory; writes now if too many wait, else within the delay.</summary>
    public Task AppliedAsync(int events)
    {
        _unwritten += events;
        if (_unwritten >= MaxEvents) return WriteNowAsync();
        Arm();
        return Task.CompletedTask;
    }

    /// <summary>Writes what waits, if anything (the write reports back through <see cref="Written"/>).</summary>
    public Task WriteNowAsync() => Pending ? write() : Task.CompletedTask;

    /// <summary>
    /// Writes what waits when the activation goes in order (a stopping node, a collected activation), so
    /// the next one has less to catch up. Not after a failure (the consumer asked to go because its
    /// memory is in doubt), nor after a crash: then the next activation reads those events from the outbox.
    /// </summary>
    public Task DeactivatingAsync(DeactivationReason reason) =>
        reason.ReasonCode is DeactivationReasonCode.ShuttingDown or DeactivationReasonCode.ActivationIdle or DeactivationReasonCode.HighMemoryPressure
            ? WriteNowAsync()
            : Task.CompletedTask;

    private void Arm() =>
        _timer ??= grain.RegisterGrainTimer(static (self, _) => self.WriteDueAsync(), this, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));

    private async Task WriteDueAsync()
    {
        _timer?.Dispose();
        _timer = null;
        try
        {
            await WriteNowAsync();
        }
        catch
        {
            // Memory still holds what failed to be written (e.g. the database was away): try again after the delay.
            Arm();
            throw;
        }
    }

    /// <summary>The state was written with everything applied so far.</summary>
    public void Written()
    {
        _unwritten = 0;
        _timer?.Dispose();
        _timer = null;
    }
}
