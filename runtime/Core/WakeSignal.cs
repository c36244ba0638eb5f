using System.Threading.Channels;

namespace Journal.Runtime;

/// <summary>Wakes a background loop early: any number of wake-ups while it works collapse into one.</summary>
internal sealed class WakeSignal
{
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _signal.Writer.TryWrite(true);

    /// <summary>True at a wake-up; false after <paramref name="timeout"/> or when stopping (without throwing).</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken stopping)
    {
        if (timeout <= TimeSpan.Zero) return false;
        using var timeoutOrStop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeoutOrStop.CancelAfter(timeout);
        try
        {
            await _signal.Reader.ReadAsync(timeoutOrStop.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false; // timed out, or stopping: the caller's loop condition decides
        }
    }
}
