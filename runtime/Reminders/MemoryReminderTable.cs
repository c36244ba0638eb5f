namespace Journal.Runtime;

/// <summary>Reminders in this process only (tests of grains on the memory runtime).</summary>
internal sealed class MemoryReminderTable : IReminderTable
{
    private readonly Dictionary<(GrainId Grain, string Name), ReminderEntry> _entries = [];
    private long _version;

    public Task<ReminderEntry> UpsertAsync(GrainId grain, string name, DateTimeOffset dueAt, TimeSpan? period, CancellationToken cancellationToken)
    {
        lock (_entries)
        {
            var entry = new ReminderEntry(grain, name, dueAt, dueAt, period, ++_version, 0);
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
            return Task.FromResult<IReadOnlyList<ReminderEntry>>(_entries.Values.Where(e => e.DueAt <= now).OrderBy(e => e.DueAt).Take(limit).ToList());
    }

    public Task<DateTimeOffset?> GetNextDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_entries)
            return Task.FromResult(_entries.Values.Where(e => e.DueAt > now).Select(e => (DateTimeOffset?)e.DueAt).Min());
    }

    public Task CompleteTickAsync(ReminderEntry entry, DateTimeOffset? nextDue, int failures, CancellationToken cancellationToken)
    {
        lock (_entries)
        {
            var key = (entry.Grain, entry.Name);
            if (!_entries.TryGetValue(key, out var current) || current.Version != entry.Version) return Task.CompletedTask;
            if (nextDue is { } due) _entries[key] = current with { DueAt = due, Failures = failures };
            else _entries.Remove(key);
        }
        return Task.CompletedTask;
    }
}
