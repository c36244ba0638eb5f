using System.Collections.Concurrent;
using Journal.Runtime;

namespace Journal.Bench.Grains;

public interface IBenchReminderGrain : IGrainWithStringKey
{
    /// <summary>Registers a one-shot durable reminder due at <paramref name="dueAt"/>.</summary>
    Task Schedule(DateTimeOffset dueAt);
}

public sealed class BenchReminderState
{
    public int Fired { get; set; }
}

/// <summary>
/// Like the user's ReminderGrain when a reminder is due: the tick is a turn that writes the grain's
/// state once (the real grain also writes the inbox row). Records how late the tick started.
/// </summary>
public sealed class BenchReminderGrain([PersistentState("bench-reminder")] IPersistentState<BenchReminderState> state, FiringProbe probe)
    : Grain, IBenchReminderGrain, IRemindable
{
    public Task Schedule(DateTimeOffset dueAt) => RegisterOrUpdateReminder("due", dueAt - DateTimeOffset.UtcNow);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        probe.Fired(DateTimeOffset.UtcNow - status.DueTime);
        state.State.Fired++;
        await state.WriteStateAsync();
    }
}

/// <summary>Collects the firing delays (tick turn start minus due time) of the reminder bench.</summary>
public sealed class FiringProbe
{
    private readonly ConcurrentQueue<TimeSpan> _delays = new();

    public int Count => _delays.Count;

    public void Fired(TimeSpan delay) => _delays.Enqueue(delay);

    public List<TimeSpan> Delays() => [.. _delays.Order()];
}
