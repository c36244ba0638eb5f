using Journal.Runtime;

namespace Journal.Tests.Runtime.Grains;

public interface ITimerGrain : IGrainWithGuidKey
{
    Task Start(int periodMs, bool keepAlive);
    Task StopTimer();
    /// <summary>A long request during which no tick may run.</summary>
    Task<bool> BusyWithoutTicks(int ms);
    [ReadOnly] Task<TimerStats> Stats();
    Task Deactivate();
    /// <summary>Asks to be deactivated, then stays busy while the timer keeps firing.</summary>
    Task DeactivateSlowly(int ms);
}

public sealed record TimerStats(int Ticks, bool Overlapped);

public sealed class TimerGrain(GrainEvents events) : ReportingGrain(events), ITimerGrain
{
    private readonly GrainEvents _events = events;
    private IGrainTimer? _timer;
    private int _ticks;
    private bool _inRequest, _overlapped;

    public Task Start(int periodMs, bool keepAlive)
    {
        _timer = RegisterGrainTimer(static async (self, ct) =>
        {
            if (self._inRequest) self._overlapped = true;
            self._events.Ticked(self.GrainId);
            await Task.Delay(1, ct);
            self._ticks++;
        }, this, new GrainTimerCreationOptions(TimeSpan.FromMilliseconds(periodMs), TimeSpan.FromMilliseconds(periodMs)) { KeepAlive = keepAlive });
        return Task.CompletedTask;
    }

    public Task StopTimer()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public async Task<bool> BusyWithoutTicks(int ms)
    {
        _inRequest = true;
        var before = _ticks;
        await Task.Delay(ms);
        _inRequest = false;
        return _ticks == before;
    }

    public Task<TimerStats> Stats() => Task.FromResult(new TimerStats(_ticks, _overlapped));

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task DeactivateSlowly(int ms)
    {
        DeactivateOnIdle();
        await Task.Delay(ms);
    }
}
