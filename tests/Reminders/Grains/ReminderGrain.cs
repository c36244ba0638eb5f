using System.Collections.Immutable;
using Journal.Runtime;

namespace Journal.Tests.Reminders.Grains;

public interface IReminderGrain : IGrainWithStringKey
{
    /// <summary>A periodic reminder when <paramref name="periodMilliseconds"/> is given, else a one-shot one.</summary>
    Task<GrainReminder> Register(string name, int dueMilliseconds, int? periodMilliseconds);

    Task<bool> Unregister(string name);

    Task<ImmutableList<GrainReminder>> List();

    Task Deactivate();
}

/// <summary>Registers reminders for the tests and logs every tick it receives.</summary>
public sealed class ReminderGrain(ReminderLog log) : Grain, IReminderGrain, IRemindable
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        log.Activated(GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public Task<GrainReminder> Register(string name, int dueMilliseconds, int? periodMilliseconds) =>
        periodMilliseconds is { } period
            ? RegisterOrUpdateReminder(name, TimeSpan.FromMilliseconds(dueMilliseconds), TimeSpan.FromMilliseconds(period))
            : RegisterOrUpdateReminder(name, TimeSpan.FromMilliseconds(dueMilliseconds));

    public Task<bool> Unregister(string name) => UnregisterReminder(name);

    public async Task<ImmutableList<GrainReminder>> List() => (await GetReminders()).ToImmutableList();

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    /// <summary>Prefix of reminders that replace themselves (unregister, then register again) while ticking.</summary>
    public const string Renewing = "renew";

    /// <summary>Prefix of reminders that update their own registration while ticking (Orleans' usual pattern).</summary>
    public const string Updating = "update";

    /// <summary>Prefix of reminders whose tick takes 700 ms.</summary>
    public const string Slow = "slow";

    /// <summary>Prefix of reminders whose tick never ends.</summary>
    public const string Hanging = "hang";

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (log.ShouldFail(GetPrimaryKeyString())) throw new InvalidOperationException("Told to fail this tick");
        log.Ticked(GetPrimaryKeyString(), reminderName, status);
        if (reminderName.StartsWith(Slow, StringComparison.Ordinal)) await Task.Delay(700);
        if (reminderName.StartsWith(Hanging, StringComparison.Ordinal)) await Task.Delay(Timeout.Infinite);
        if (reminderName.StartsWith(Renewing, StringComparison.Ordinal)) await UnregisterReminder(reminderName);
        if (reminderName.StartsWith(Renewing, StringComparison.Ordinal) || reminderName.StartsWith(Updating, StringComparison.Ordinal))
            await RegisterOrUpdateReminder(reminderName, TimeSpan.FromMinutes(10));
    }
}

public interface INotRemindableGrain : IGrainWithStringKey
{
    Task Register();
}

/// <summary>Tries to register a reminder without implementing IRemindable.</summary>
public sealed class NotRemindableGrain : Grain, INotRemindableGrain
{
    public Task Register() => RegisterOrUpdateReminder("never", TimeSpan.FromSeconds(1));
}
