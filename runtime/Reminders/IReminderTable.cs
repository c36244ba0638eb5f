namespace Journal.Runtime;

/// <summary>Where reminders are kept: PostgreSQL's <c>grain_reminders</c>, or memory for tests.</summary>
internal interface IReminderTable
{
    /// <summary>Creates or replaces a reminder (a new version, failures reset).</summary>
    Task<ReminderEntry> UpsertAsync(GrainId grain, string name, DateTimeOffset dueAt, TimeSpan? period, CancellationToken cancellationToken);

    Task<bool> RemoveAsync(GrainId grain, string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<ReminderEntry>> GetAsync(GrainId grain, CancellationToken cancellationToken);

    /// <summary>Reminders to fire at or before <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<ReminderEntry>> GetDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>The earliest fire time after <paramref name="now"/>, if any.</summary>
    Task<DateTimeOffset?> GetNextDueAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the tick: moves its fire time to <paramref name="leaseUntil"/> if the reminder is still as
    /// read (same version and fire time). False when it was fired, moved or replaced meanwhile.
    /// </summary>
    Task<bool> TryClaimAsync(ReminderEntry entry, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Reschedules the reminder unless it was re-registered meanwhile (same version).</summary>
    Task UpdateAsync(ReminderEntry entry, DateTimeOffset dueAt, DateTimeOffset fireAt, int failures, CancellationToken cancellationToken);

    /// <summary>Deletes the reminder unless it was re-registered meanwhile (same version).</summary>
    Task DeleteAsync(ReminderEntry entry, CancellationToken cancellationToken);
}

/// <summary>
/// A stored reminder: <paramref name="DueAt"/> is the next tick's scheduled time, <paramref name="FireAt"/>
/// when it fires (later after a failure); <paramref name="Period"/> is null for a one-shot reminder.
/// </summary>
internal sealed record ReminderEntry(GrainId Grain, string Name, DateTimeOffset FirstDue, DateTimeOffset DueAt, DateTimeOffset FireAt,
    TimeSpan? Period, long Version, int Failures)
{
    public GrainReminder ToGrainReminder() => new(Name, DueAt, Period);
}
