using Microsoft.Extensions.Logging;

namespace Journal.Runtime;

/// <summary>
/// A timer that enqueues its callback as a turn of its activation. The next tick is armed only after
/// the previous one finished, as in Orleans.
/// </summary>
internal sealed class GrainTimer<TState> : IGrainTimer, ITimerTickSource
{
    private readonly Activation _activation;
    private readonly Func<TState, CancellationToken, Task> _callback;
    private readonly TState _state;
    private readonly Timer _timer;
    private readonly CancellationTokenSource _disposed = new();
    private TimeSpan _period;

    public GrainTimer(Activation activation, Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        _activation = activation;
        _callback = callback;
        _state = state;
        Interleave = options.Interleave;
        KeepAlive = options.KeepAlive;
        _period = options.Period;
        // The System.Threading.Timer must not capture the registering turn's execution context.
        using (ExecutionContext.SuppressFlow())
            _timer = new Timer(static s => ((GrainTimer<TState>)s!).Fire(), this, Timeout.Infinite, Timeout.Infinite);
        _timer.Change(options.DueTime, Timeout.InfiniteTimeSpan);
    }

    public bool Interleave { get; }

    public bool KeepAlive { get; }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        if (_disposed.IsCancellationRequested) throw new ObjectDisposedException(nameof(IGrainTimer));
        _period = period;
        _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested) return;
        _disposed.Cancel();
        _timer.Dispose();
        _activation.RemoveTimer(this);
    }

    private void Fire()
    {
        if (_disposed.IsCancellationRequested) return;
        if (!_activation.TryEnqueue(new TimerTickRequest(this))) Dispose();
    }

    // A tick queued before the timer was disposed (by a request ahead of it, or deactivation) does not run.
    public Task RunTickAsync() => _disposed.IsCancellationRequested ? Task.CompletedTask : _callback(_state, _disposed.Token);

    public void OnTickCompleted(Task tick)
    {
        if (tick.IsFaulted)
            _activation.Runtime.Logger.LogError(tick.Exception.InnerException, "Timer tick of {GrainId} failed", _activation.GrainId);
        if (_disposed.IsCancellationRequested || _period == Timeout.InfiniteTimeSpan) return;
        try
        {
            _timer.Change(_period, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed by the tick itself or by deactivation: nothing more to arm.
        }
    }
}
