using Microsoft.Extensions.Logging;

namespace Journal.Runtime;

/// <summary>
/// Fires durable reminders: it sleeps until the earliest fire time (at most the poll interval, and a
/// registration in this process wakes it), claims each due tick (a lease in the table, so it fires
/// once, and again after a crash), delivers it as a turn of its grain (activating it), then moves a
/// periodic reminder to its first due time after now — so ticks missed while the service was down
/// fire once — or deletes a one-shot one. A failed tick is retried with back-off without moving the
/// schedule.
/// </summary>
internal sealed class ReminderService(GrainRuntime runtime, IReminderTable table, ReminderOptions options, ILogger<ReminderService> logger)
    : IRuntimeService
{
    private const int BatchLimit = 1000;

    // Many reminders fall due together (a daily reminder at the same local hour for many users); each
    // tick needs connections and a grain turn, so only this many run at once and the rest wait.
    private const int MaxConcurrentTicks = 32;
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    private readonly WakeSignal _signal = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<(GrainId, string), Task> _firing = [];
    private readonly SemaphoreSlim _concurrentTicks = new(MaxConcurrentTicks);
    private Task _loop = Task.CompletedTask;
    private int _started;

    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0) _loop = Task.Run(RunAsync);
    }

    public string? Fault => null;

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
        try
        {
            await _concurrentTicks.WaitAsync(_stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return; // stopping: the tick was not claimed and fires after the next start
        }
        var holdsSlot = true;
        try
        {
            var lease = LeaseFromNow();
            if (!await table.TryClaimAsync(entry, lease, CancellationToken.None))
                return; // fired meanwhile, or re-registered
            var tick = TickAsync(entry);
            var started = Environment.TickCount64;
            // While the tick's turn runs (however long: it is never reported failed while it runs),
            // renew the lease, so no other silo takes the tick for abandoned and fires it again; and
            // past the response timeout give its slot to other ticks, so turns that never end cannot
            // stop every reminder.
            while (await Task.WhenAny(tick, Task.Delay(runtime.Options.ResponseTimeout / 2)) != tick)
            {
                if (holdsSlot && Environment.TickCount64 - started > runtime.Options.ResponseTimeout.TotalMilliseconds)
                {
                    logger.LogWarning("Reminder '{Name}' of {Grain} has run longer than {Timeout}", entry.Name, entry.Grain, runtime.Options.ResponseTimeout);
                    _concurrentTicks.Release();
                    holdsSlot = false;
                }
                var renewed = LeaseFromNow();
                if (await table.TryClaimAsync(entry with { FireAt = lease }, renewed, CancellationToken.None)) lease = renewed;
            }
            var failure = await tick;
            var now = DateTimeOffset.UtcNow;
            var failures = failure is null ? 0 : entry.Failures + 1;
            if (failure is not null && failures < options.MaxAttempts)
            {
                logger.LogError(failure, "Reminder '{Name}' of {Grain} failed (attempt {Attempt} of {Max}); retrying", entry.Name, entry.Grain, failures, options.MaxAttempts);
                await table.UpdateAsync(entry, entry.DueAt, now + RetryDelay(failures), failures, CancellationToken.None);
                return;
            }
            if (failure is not null)
                logger.LogError(failure, "Reminder '{Name}' of {Grain} failed {Max} times; this tick is given up", entry.Name, entry.Grain, options.MaxAttempts);
            if (NextDue(entry, now) is { } next) await table.UpdateAsync(entry, next, next, 0, CancellationToken.None);
            else await table.DeleteAsync(entry, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The table is unreachable: the lease runs out and the tick fires again (at least once).
            logger.LogError(e, "Recording the tick of reminder '{Name}' of {Grain} failed", entry.Name, entry.Grain);
        }
        finally
        {
            if (holdsSlot) _concurrentTicks.Release();
        }
    }

    // Twice the response timeout, renewed every half of it while the tick runs; whole microseconds,
    // as stored, so a renewal finds the lease it set. Only matters if this process dies mid-tick or
    // another silo reads the table.
    private DateTimeOffset LeaseFromNow()
    {
        var lease = DateTimeOffset.UtcNow + 2 * runtime.Options.ResponseTimeout;
        return lease.AddTicks(-(lease.Ticks % TimeSpan.TicksPerMicrosecond));
    }

    // Null when the grain took the tick.
    private async Task<Exception?> TickAsync(ReminderEntry entry)
    {
        try
        {
            var grainClass = runtime.GrainClasses.FirstOrDefault(c => c.Name == entry.Grain.Type)
                ?? throw new InvalidOperationException($"No registered grain class has the type name '{entry.Grain.Type}'.");
            var status = new TickStatus(entry.FirstDue, entry.Period ?? Timeout.InfiniteTimeSpan, entry.DueAt, DateTimeOffset.UtcNow);
            await runtime.InvokeAsync(entry.Grain, grainClass, grain => ((IRemindable)grain).ReceiveReminder(entry.Name, status), $"reminder '{entry.Name}'");
            return null;
        }
        catch (Exception e)
        {
            return e;
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
