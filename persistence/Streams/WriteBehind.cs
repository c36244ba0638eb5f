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
        _timer ??= grain.RegisterGrainTimer(static (self, _) => self.WriteNowAsync(), this, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));
        return Task.CompletedTask;
    }

    /// <summary>Writes what waits, if anything (the write reports back through <see cref="Written"/>).</summary>
    public Task WriteNowAsync() => Pending ? write() : Task.CompletedTask;

    /// <summary>The state was written with everything applied so far.</summary>
    public void Written()
    {
        _unwritten = 0;
        _timer?.Dispose();
        _timer = null;
    }
}
