namespace Journal.Runtime;

/// <summary>Where reminders are kept: PostgreSQL's <c>grain_reminders</c>, or memory for tests.</summary>
internal interface IReminderTable
{
    /// <summary>Creates or replaces a reminder (a new version, failures reset).</summary>
    Task<ReminderEntry> UpsertAsync(GrainId grain, string name, DateTimeOffset dueAt, TimeSpan? period, CancellationToken cancellationToken);

    Task<bool> RemoveAsync(GrainId grain, string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<ReminderEntry>> GetAsync(GrainId grain, CancellationToken cancellationToken);

    /// <summary>Reminders due at or before <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<ReminderEntry>> GetDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>The earliest due time after <paramref name="now"/>, if any.</summary>
    Task<DateTimeOffset?> GetNextDueAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Records a finished tick if the reminder was not re-registered meanwhile (same version):
    /// moves it to <paramref name="nextDue"/>, or deletes it when that is null.
    /// </summary>
    Task CompleteTickAsync(ReminderEntry entry, DateTimeOffset? nextDue, int failures, CancellationToken cancellationToken);
}

/// <summary>A stored reminder; <paramref name="Period"/> is null for a one-shot reminder.</summary>
internal sealed record ReminderEntry(GrainId Grain, string Name, DateTimeOffset FirstDue, DateTimeOffset DueAt, TimeSpan? Period, long Version, int Failures)
{
    public GrainReminder ToGrainReminder() => new(Name, DueAt, Period);
}
