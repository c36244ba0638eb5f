namespace Journal.Persistence.Streams;

/// <summary>
/// When a stream consumer writes the state its events changed: not once per delivery, but
/// within <paramref name="delay"/> after the first unwritten event (<see cref="OutboxStreamOptions.ConsumerWriteDelay"/>),
/// at once when up to <see cref="MaxEvents"/> wait, and
/// when the consumer writes for another reason (<see cref="Written"/>). Both bounds are drawn anew
/// for each write within their upper half: consumers fed together (many users active at once, a burst
/// of events, a node's start) would otherwise all write at the same moment, again and again, and each
/// such burst of writes held up the requests around it (docs/PERFORMANCE.md). Only for a consumer that catches
/// up when it activates (<see cref="StreamConsumerGrain{TEvent}.CatchUpAsync"/>): the stream counts an
/// event delivered before it is written, so a lost activation's unwritten events come from the outbox.
/// </summary>
public sealed class WriteBehind(IGrainBase grain, TimeSpan delay, Func<Task> write)
{
    /// <summary>How many applied events may wait for a write at most.</summary>
    public const int MaxEvents = 100;

    private int _unwritten;
    private int _limit = Limit(Random.Shared.NextDouble());
    private IGrainTimer? _timer;

    /// <summary>Whether memory holds applied events that storage does not.</summary>
    public bool Pending => _unwritten > 0;

    /// <summary>Records <paramref name="events"/> applied in memory; writes now if too many wait, else within the delay.</summary>
    public Task AppliedAsync(int events)
    {
        _unwritten += events;
        if (_unwritten >= _limit) return WriteNowAsync();
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
        _timer ??= grain.RegisterGrainTimer(static (self, _) => self.WriteDueAsync(), this, new GrainTimerCreationOptions(Due(delay, Random.Shared.NextDouble()), Timeout.InfiniteTimeSpan));

    /// <summary>When a write falls due after the first unwritten event: in the second half of <paramref name="delay"/>, by <paramref name="random"/> in [0, 1).</summary>
    internal static TimeSpan Due(TimeSpan delay, double random) => delay * (0.5 + random / 2);

    /// <summary>How many unwritten events make a write at once: from half of <see cref="MaxEvents"/> to all of them, by <paramref name="random"/> in [0, 1).</summary>
    internal static int Limit(double random) => MaxEvents / 2 + (int)(random * (MaxEvents / 2 + 1));

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
        _limit = Limit(Random.Shared.NextDouble());
        _timer?.Dispose();
        _timer = null;
    }
}
