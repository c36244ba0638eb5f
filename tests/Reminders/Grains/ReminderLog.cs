using System.Collections.Concurrent;
using Journal.Runtime;

namespace Journal.Tests.Reminders.Grains;

/// <summary>Ticks and activations the reminder test grains saw (a singleton the tests read), and the ticks they are told to fail.</summary>
public sealed class ReminderLog
{
    private readonly ConcurrentQueue<(string Grain, string Reminder, TickStatus Status)> _ticks = new();
    private readonly ConcurrentDictionary<string, int> _activations = new();
    private readonly ConcurrentDictionary<string, int> _failuresLeft = new();

    public void Activated(string grain) => _activations.AddOrUpdate(grain, 1, (_, n) => n + 1);

    public int Activations(string grain) => _activations.GetValueOrDefault(grain);

    public void Ticked(string grain, string reminder, TickStatus status) => _ticks.Enqueue((grain, reminder, status));

    public IReadOnlyList<TickStatus> Ticks(string grain, string reminder) =>
        _ticks.Where(t => t.Grain == grain && t.Reminder == reminder).Select(t => t.Status).ToList();

    /// <summary>The next <paramref name="times"/> ticks of <paramref name="grain"/> throw.</summary>
    public void FailTicks(string grain, int times) => _failuresLeft[grain] = times;

    public bool ShouldFail(string grain)
    {
        while (_failuresLeft.TryGetValue(grain, out var left) && left > 0)
            if (_failuresLeft.TryUpdate(grain, left - 1, left)) return true;
        return false;
    }
}
