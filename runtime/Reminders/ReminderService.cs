using Microsoft.Extensions.Logging;

namespace Journal.Runtime;

/// <summary>
/// Fires durable reminders: it sleeps until the earliest due time (at most the poll interval, and a
/// registration in this process wakes it), delivers each due tick as a turn of its grain (activating
/// it), then moves a periodic reminder to its next due time after now — so ticks missed while the
/// service was down fire once — and deletes a one-shot one. A failed tick is retried with back-off.
/// </summary>
internal sealed class ReminderService(GrainRuntime runtime, IReminderTable table, ReminderOptions options, ILogger<ReminderService> logger)
    : IRuntimeService
{
    private const int BatchLimit = 1000;
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    private readonly WakeSignal _signal = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<(GrainId, string), Task> _firing = [];
    private Task _loop = Task.CompletedTask;

    public void Start() => _loop = Task.Run(RunAsync);

    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        await _loop;
        Task[] firing;
        lock (_firing) firing = [.. _firing.Values];
        await Task.WhenAll(firing);
    }

    public async Task<GrainReminder> RegisterOrUpdateAsync(Grain grain, string name, TimeSpan dueTime, TimeSpan? period)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (grain is not IRemindable)
            throw new InvalidOperationException($"{grain.GetType().Name} registers reminder '{name}' but does not implement IRemindable.");
        if (dueTime < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "The due time cannot be negative.");
        if (period is { } p && p < options.MinimumPeriod)
            throw new ArgumentOutOfRangeException(nameof(period), p, $"Reminder periods must be at least {options.MinimumPeriod} (Reminders:MinimumPeriod).");
        var entry = await table.UpsertAsync(grain.GrainId, name, DateTimeOffset.UtcNow + dueTime, period, CancellationToken.None);
        _signal.Wake();
        return entry.ToGrainReminder();
    }

    public Task<bool> UnregisterAsync(GrainId grain, string name) => table.RemoveAsync(grain, name, CancellationToken.None);

    public async Task<IReadOnlyList<GrainReminder>> GetAsync(GrainId grain) =>
        (await table.GetAsync(grain, CancellationToken.None)).Select(e => e.ToGrainReminder()).ToList();

    private async Task RunAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            var wait = options.PollInterval;
            try
            {
                var now = DateTimeOffset.UtcNow;
                foreach (var entry in await table.GetDueAsync(now, BatchLimit, stopping)) Fire(entry);
                if (await table.GetNextDueAsync(now, stopping) is { } next && next - DateTimeOffset.UtcNow < wait)
                    wait = next - DateTimeOffset.UtcNow;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Reading due reminders failed; retrying");
            }
            await _signal.WaitAsync(wait, stopping);
        }
    }

    // A tick still running is not fired again; when it ends the loop is woken to look again.
    private void Fire(ReminderEntry entry)
    {
        lock (_firing)
        {
            var key = (entry.Grain, entry.Name);
            if (_firing.ContainsKey(key)) return;
            // On the thread pool: the tick's turn may run inline and must not run under this lock.
            _firing[key] = Task.Run(() => FireAsync(entry)).ContinueWith(_ =>
            {
                lock (_firing) _firing.Remove(key);
                _signal.Wake();
            }, TaskScheduler.Default);
        }
    }

    private async Task FireAsync(ReminderEntry entry)
    {
        var now = DateTimeOffset.UtcNow;
        DateTimeOffset? nextDue;
        var failures = 0;
        try
        {
            var grainClass = runtime.GrainClasses.FirstOrDefault(c => c.Name == entry.Grain.Type)
                ?? throw new InvalidOperationException($"No registered grain class has the type name '{entry.Grain.Type}'.");
            var status = new TickStatus(entry.FirstDue, entry.Period ?? Timeout.InfiniteTimeSpan, entry.DueAt, now);
            await runtime.InvokeAsync(entry.Grain, grainClass, grain => ((IRemindable)grain).ReceiveReminder(entry.Name, status), $"reminder '{entry.Name}'");
            nextDue = NextDue(entry, DateTimeOffset.UtcNow);
        }
        catch (Exception e)
        {
            failures = entry.Failures + 1;
            var retry = failures < options.MaxAttempts;
            logger.LogError(e, "Reminder '{Name}' of {Grain} failed (attempt {Attempt} of {Max}); {Outcome}", entry.Name, entry.Grain, failures,
                options.MaxAttempts, retry ? "retrying" : "giving this tick up");
            nextDue = retry ? DateTimeOffset.UtcNow + RetryDelay(failures) : NextDue(entry, DateTimeOffset.UtcNow);
            if (!retry) failures = 0;
        }
        try
        {
            await table.CompleteTickAsync(entry, nextDue, failures, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The row still says due: the tick fires again (at least once), as after a crash.
            logger.LogError(e, "Recording the tick of reminder '{Name}' of {Grain} failed", entry.Name, entry.Grain);
        }
    }

    /// <summary>The first due time of the period after <paramref name="now"/>; null for a one-shot reminder.</summary>
    internal static DateTimeOffset? NextDue(ReminderEntry entry, DateTimeOffset now)
    {
        if (entry.Period is not { } period) return null;
        var missed = Math.Max(0, (now - entry.DueAt).Ticks / period.Ticks);
        return entry.DueAt + period * (missed + 1);
    }

    private TimeSpan RetryDelay(int failures) =>
        TimeSpan.FromTicks(Math.Min(options.RetryDelay.Ticks * (1L << Math.Min(failures - 1, 20)), MaxRetryDelay.Ticks));
}
