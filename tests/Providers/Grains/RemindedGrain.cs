using System.Collections.Concurrent;
using Journal.Persistence.Reminders;
using Orleans;
using Orleans.Runtime;

namespace Journal.Tests.Providers.Grains;

[Alias("test.IRemindedGrain")]
public interface IRemindedGrain : IGrainWithStringKey
{
    /// <summary>A once-reminder (<see cref="GrainReminders.RegisterOnceReminder"/>): the grain unregisters it after its first tick that succeeds.</summary>
    [Alias("RegisterOnce")] Task RegisterOnce(string name, TimeSpan due);

    /// <summary>A periodic reminder; the grain unregisters it from its own tick once <paramref name="ticks"/> ticks succeeded (0: never).</summary>
    [Alias("RegisterPeriodic")] Task RegisterPeriodic(string name, TimeSpan due, TimeSpan period, int ticks);

    /// <summary>A once-reminder whose first tick registers it again, due <paramref name="again"/> later (instead of unregistering it).</summary>
    [Alias("RegisterOnceThenAgain")] Task RegisterOnceThenAgain(string name, TimeSpan due, TimeSpan again);

    [Alias("Unregister")] Task Unregister(string name);

    [Alias("ReminderNames")] Task<List<string>> ReminderNames();

    [Alias("Deactivate")] Task Deactivate();
}

/// <summary>Registers reminders for the tests and logs every tick it receives in <see cref="ReminderLog"/>.</summary>
[GrainType("test-reminded")]
public sealed class RemindedGrain : Grain, IRemindedGrain, IRemindable, IIncomingGrainCallFilter
{
    // Who sent the call being handled: for a tick, the reminder service of the silo that fired it.
    private GrainId? _caller;

    private string Key => this.GetPrimaryKeyString();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        _caller = context.SourceId;
        return context.Invoke();
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ReminderLog.Activated(Key);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        ReminderLog.Deactivated(Key);
        return Task.CompletedTask;
    }

    public Task RegisterOnce(string name, TimeSpan due)
    {
        ReminderLog.Plan(Key, name, ticks: 1);
        return this.RegisterOnceReminder(name, due);
    }

    public Task RegisterPeriodic(string name, TimeSpan due, TimeSpan period, int ticks)
    {
        ReminderLog.Plan(Key, name, ticks);
        return this.RegisterOrUpdateReminder(name, due, period);
    }

    public Task RegisterOnceThenAgain(string name, TimeSpan due, TimeSpan again)
    {
        ReminderLog.Plan(Key, name, ticks: 1);
        ReminderLog.RenewOnce(Key, name, again);
        return this.RegisterOnceReminder(name, due);
    }

    public Task Unregister(string name) => this.UnregisterReminder(name);

    public async Task<List<string>> ReminderNames() => [.. await this.GetReminderNames()];

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (ReminderLog.ShouldFail(Key, reminderName))
        {
            ReminderLog.Ticked(Key, reminderName, status, _caller, failed: true);
            throw new InvalidOperationException("Told to fail this tick");
        }
        var succeeded = ReminderLog.Ticked(Key, reminderName, status, _caller, failed: false);
        if (ReminderLog.TakeRenewal(Key, reminderName) is { } again) await this.RegisterOnceReminder(reminderName, again);
        else if (succeeded == ReminderLog.Planned(Key, reminderName)) await this.UnregisterReminder(reminderName);
    }
}

/// <summary>
/// Ticks and activations the reminder test grains saw, and the ticks they are told to fail. Static:
/// the silos of a test cluster run in the test's process (and a later cluster on the same database
/// must reach the same log); grain keys are unique per test.
/// </summary>
public static class ReminderLog
{
    /// <param name="Period">Which period of the reminder the tick belongs to (0 for the first), from
    /// the time it fired: a tick fired about a period late shares the label of the next, which follows at once.</param>
    /// <param name="Source">The reminder service that fired it (one per silo).</param>
    public sealed record Tick(DateTime At, long Period, string Source, bool Failed);

    private static readonly ConcurrentDictionary<(string Grain, string Reminder), List<Tick>> s_ticks = new();
    private static readonly ConcurrentDictionary<(string Grain, string Reminder), int> s_planned = new();
    private static readonly ConcurrentDictionary<(string Grain, string Reminder), int> s_failuresLeft = new();
    private static readonly ConcurrentDictionary<(string Grain, string Reminder), TimeSpan> s_renewals = new();
    private static readonly ConcurrentDictionary<string, int> s_activations = new();
    private static readonly ConcurrentDictionary<string, int> s_deactivations = new();

    public static void Activated(string grain) => s_activations.AddOrUpdate(grain, 1, (_, n) => n + 1);

    public static void Deactivated(string grain) => s_deactivations.AddOrUpdate(grain, 1, (_, n) => n + 1);

    public static int Activations(string grain) => s_activations.GetValueOrDefault(grain);

    public static int Deactivations(string grain) => s_deactivations.GetValueOrDefault(grain);

    public static void Plan(string grain, string reminder, int ticks) => s_planned[(grain, reminder)] = ticks;

    public static int Planned(string grain, string reminder) => s_planned.GetValueOrDefault((grain, reminder));

    /// <summary>Records a tick; returns how many ticks of this reminder succeeded so far.</summary>
    public static int Ticked(string grain, string reminder, TickStatus status, GrainId? source, bool failed)
    {
        var ticks = s_ticks.GetOrAdd((grain, reminder), _ => []);
        // A tick fires at or after its time (up to a period late, or Orleans skips it); the small
        // allowance is for a timer that fires a moment early.
        var period = status.Period > TimeSpan.Zero ? (long)Math.Floor((status.CurrentTickTime - status.FirstTickTime) / status.Period + 0.01) : 0;
        lock (ticks)
        {
            ticks.Add(new Tick(DateTime.UtcNow, period, source?.ToString() ?? throw new InvalidOperationException("A tick without its sender"), failed));
            return ticks.Count(t => !t.Failed);
        }
    }

    /// <summary>Every tick of the reminder, failed ones included, in the order they arrived.</summary>
    public static IReadOnlyList<Tick> Ticks(string grain, string reminder)
    {
        if (!s_ticks.TryGetValue((grain, reminder), out var ticks)) return [];
        lock (ticks) return [.. ticks];
    }

    /// <summary>The next <paramref name="times"/> ticks of the reminder throw.</summary>
    public static void FailTicks(string grain, string reminder, int times) => s_failuresLeft[(grain, reminder)] = times;

    /// <summary>The next tick of the reminder registers it again, due <paramref name="again"/> later.</summary>
    public static void RenewOnce(string grain, string reminder, TimeSpan again) => s_renewals[(grain, reminder)] = again;

    public static TimeSpan? TakeRenewal(string grain, string reminder) => s_renewals.TryRemove((grain, reminder), out var again) ? again : null;

    public static bool ShouldFail(string grain, string reminder)
    {
        while (s_failuresLeft.TryGetValue((grain, reminder), out var left) && left > 0)
            if (s_failuresLeft.TryUpdate((grain, reminder), left - 1, left)) return true;
        return false;
    }
}
