namespace Journal.Runtime;

/// <summary>Reminders in this process only (tests of grains on the memory runtime), with the PostgreSQL table's rules.</summary>
internal sealed class MemoryReminderTable : IReminderTable
{
    private readonly Dictionary<(GrainId Grain, string Name), ReminderEntry> _entries = [];
    private long _version;

    public Task<ReminderEntry> UpsertAsync(GrainId grain, string name, DateTimeOffset dueAt, TimeSpan? period, CancellationToken cancellationToken)
    {
        lock (_entries)
        {
            var entry = new ReminderEntry(grain, name, dueAt, dueAt, dueAt, period, ++_version, 0);
            _entries[(grain, name)] = entry;
            return Task.FromResult(entry);
        }
    }

    public Task<bool> RemoveAsync(GrainId grain, string name, CancellationToken cancellationToken)
    {
        lock (_entries) return Task.FromResult(_entries.Remove((grain, name)));
    }

    public Task<IReadOnlyList<ReminderEntry>> GetAsync(GrainId grain, CancellationToken cancellationToken)
    {
        lock (_entries)
            return Task.FromResult<IReadOnlyList<ReminderEntry>>(_entries.Values.Where(e => e.Grain == grain).OrderBy(e => e.Name, StringComparer.Ordinal).ToList());
    }

    public Task<IReadOnlyList<ReminderEntry>> GetDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        lock (_entries)
            return Task.FromResult<IReadOnlyList<ReminderEntry>>(_entries.Values.Where(e => e.FireAt <= now).OrderBy(e => e.FireAt).Take(limit).ToList());
    }

    public Task<DateTimeOffset?> GetNextDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_entries)
            return Task.FromResult(_entries.Values.Where(e => e.FireAt > now).Select(e => (DateTimeOffset?)e.FireAt).Min());
    }

    public Task<bool> TryClaimAsync(ReminderEntry entry, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        lock (_entries)
        {
            if (!IsCurrent(entry, out var current) || current.FireAt != entry.FireAt) return Task.FromResult(false);
            _entries[(entry.Grain, entry.Name)] = current with { FireAt = leaseUntil };
            return Task.FromResult(true);
        }
    }

    public Task UpdateAsync(ReminderEntry entry, DateTimeOffset dueAt, DateTimeOffset fireAt, int failures, CancellationToken cancellationToken)
    {
        lock (_entries)
            if (IsCurrent(entry, out var current))
                _entries[(entry.Grain, entry.Name)] = current with { DueAt = dueAt, FireAt = fireAt, Failures = failures };
        return Task.CompletedTask;
    }

    public Task DeleteAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        lock (_entries)
            if (IsCurrent(entry, out _))
                _entries.Remove((entry.Grain, entry.Name));
        return Task.CompletedTask;
    }

    // Under the lock.
    private bool IsCurrent(ReminderEntry entry, out ReminderEntry current) =>
        _entries.TryGetValue((entry.Grain, entry.Name), out current!) && current.Version == entry.Version;
}
