namespace Journal.Runtime;

/// <summary>
/// Implemented by grains that register durable reminders (Orleans' <c>IRemindable</c>). Each tick is
/// a turn of the grain, which is activated if needed.
/// </summary>
public interface IRemindable
{
    Task ReceiveReminder(string reminderName, TickStatus status);
}

/// <summary>
/// About one tick. <paramref name="Period"/> is <see cref="Timeout.InfiniteTimeSpan"/> for a one-shot
/// reminder; <paramref name="DueTime"/> is when this tick was due (earlier than
/// <paramref name="CurrentTickTime"/> after downtime: missed ticks fire once).
/// </summary>
public sealed record TickStatus(DateTimeOffset FirstTickTime, TimeSpan Period, DateTimeOffset DueTime, DateTimeOffset CurrentTickTime);

/// <summary>A registered reminder; <paramref name="Period"/> is null for a one-shot reminder.</summary>
public sealed record GrainReminder(string ReminderName, DateTimeOffset NextDue, TimeSpan? Period);
