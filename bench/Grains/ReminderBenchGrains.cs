using System.Collections.Concurrent;
using Journal.Persistence.Reminders;
using Journal.Persistence.Storage;

namespace Journal.Bench.Grains;

[Alias("bench.IBenchReminderGrain")]
public interface IBenchReminderGrain : IGrainWithStringKey
{
    /// <summary>Registers a one-shot durable reminder due at <paramref name="dueAt"/>.</summary>
    [Alias("Schedule")]
    Task Schedule(DateTimeOffset dueAt);
}

public sealed class BenchReminderState
{
    public int Fired { get; set; }
}

/// <summary>
/// Like the user's ReminderGrain when a reminder is due: the tick is a turn that writes the grain's
/// state once (the real grain also writes the inbox row), then unregisters the once-reminder (Orleans
/// would fire it again one <c>Reminders:MinimumPeriod</c> later). Records how late the tick turn
/// started after the due time the reminder service holds (<see cref="TickStatus.FirstTickTime"/>:
/// registration time plus the due time registered).
/// </summary>
[GrainType("bench-reminder")]
public sealed class BenchReminderGrain([UnitOfWorkState("bench-reminder")] IUnitOfWorkState<BenchReminderState> state, FiringProbe probe)
    : Grain, IBenchReminderGrain, IRemindable
{
    public const string ReminderName = "due";

    public Task Schedule(DateTimeOffset dueAt) => this.RegisterOnceReminder(ReminderName, dueAt - DateTimeOffset.UtcNow);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // The turn's start, not status.CurrentTickTime (when the reminder service's timer fired, before the call was queued).
        probe.Fired(this.GetPrimaryKeyString(), DateTime.UtcNow - status.FirstTickTime);
        state.State.Fired++;
        await state.WriteStateAsync();
        await this.UnregisterReminder(reminderName);
    }
}

/// <summary>Collects the firing delays (tick turn start minus due time) of the reminder bench: the first tick of each grain.</summary>
public sealed class FiringProbe
{
    private readonly ConcurrentDictionary<string, TimeSpan> _delays = new();

    public int Count => _delays.Count;

    public void Fired(string grain, TimeSpan delay) => _delays.TryAdd(grain, delay);

    public List<TimeSpan> Delays() => [.. _delays.Values.Order()];
}
