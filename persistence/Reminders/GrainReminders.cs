using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace Journal.Persistence.Reminders;

/// <summary>
/// Reminders by name on top of Orleans' durable reminders. Orleans' reminders are periodic; a
/// reminder meant to fire once is registered with the shortest period allowed
/// (<see cref="ReminderOptions.MinimumReminderPeriod"/>): if its tick fails (or the silo dies), it
/// fires again one period later, and the grain unregisters it once the tick did its work (or
/// registers it again for another time).
/// </summary>
public static class GrainReminders
{
    /// <summary>Fires <paramref name="name"/> after <paramref name="due"/>, and again every retry period until unregistered.</summary>
    public static Task RegisterOnceReminder(this Grain grain, string name, TimeSpan due)
    {
        var retry = grain.GrainContext.ActivationServices.GetRequiredService<IOptions<ReminderOptions>>().Value.MinimumReminderPeriod;
        return grain.RegisterOrUpdateReminder(name, due < TimeSpan.Zero ? TimeSpan.Zero : due, retry > TimeSpan.Zero ? retry : TimeSpan.FromMinutes(1));
    }

    /// <summary>Unregisters the reminder <paramref name="name"/> if the grain has one.</summary>
    public static async Task UnregisterReminder(this Grain grain, string name)
    {
        if (await grain.GetReminder(name) is { } reminder) await grain.UnregisterReminder(reminder);
    }

    /// <summary>The names of the grain's reminders.</summary>
    public static async Task<IReadOnlyList<string>> GetReminderNames(this Grain grain) =>
        (await grain.GetReminders()).Select(reminder => reminder.ReminderName).ToList();
}
