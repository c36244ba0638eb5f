using System.Collections.Immutable;
using System.Globalization;
using Journal.GrainInterfaces.Insights;
using Journal.Persistence.Storage;
using Journal.Persistence.Streams;
using Orleans.Streams;

namespace Journal.Grains.Insights;

/// <summary>
/// The platform's activity figures per UTC day, fed by the users' insights grains through the
/// <c>platform</c> stream (outbox, at least once): the stream checkpoint, written with the sums,
/// makes each increment count once. Holds counts only, never a user id.
/// </summary>
[ImplicitStreamSubscription(PlatformActivity.StreamNamespace)]
[GrainType(GrainTypes.PlatformStats)]
public sealed class PlatformStatsGrain([UnitOfWorkState("platform")] IUnitOfWorkState<PlatformState> state)
    : StreamConsumerGrain<PlatformActivity>, IPlatformStatsGrain
{
    /// <summary>Days kept: a year and a bit, for year-over-year looks.</summary>
    private const int DaysKept = 400;

    protected override async Task ApplyAsync(StreamId stream, IReadOnlyList<SequentialItem<PlatformActivity>> items)
    {
        var fresh = state.State.Checkpoints.Unapplied(stream, items).ToList();
        if (fresh.Count == 0) return;
        foreach (var change in fresh.SelectMany(item => item.Item.Days)) state.State.Add(change);
        state.State.Prune(DaysKept);
        state.State.Checkpoints.Record(stream, fresh);
        await state.WriteStateAsync();
    }

    public Task<PlatformStats> GetStatsAsync(DateOnly today, int days)
    {
        var list = Enumerable.Range(0, days).Select(i => state.State.On(today.AddDays(-i))).ToImmutableList();
        var current = list[0];
        return Task.FromResult(new PlatformStats(today, current.ActiveUsers, current.WeeklyActiveUsers, current.MonthlyActiveUsers, list));
    }
}

/// <summary>The platform stats grain's stored state: sums per UTC day ("yyyy-MM-dd") and the stream checkpoint.</summary>
public sealed class PlatformState
{
    public SortedDictionary<string, PlatformDayChange> Days { get; set; } = new(StringComparer.Ordinal);

    public StreamCheckpoints Checkpoints { get; set; } = new();

    public void Add(PlatformDayChange change)
    {
        var key = Key(change.Day);
        var current = Days.GetValueOrDefault(key) ?? new PlatformDayChange(change.Day, 0, 0, 0, 0, 0);
        Days[key] = current with
        {
            ActiveUsers = current.ActiveUsers + change.ActiveUsers,
            WeeklyActiveUsers = current.WeeklyActiveUsers + change.WeeklyActiveUsers,
            MonthlyActiveUsers = current.MonthlyActiveUsers + change.MonthlyActiveUsers,
            Entries = current.Entries + change.Entries,
            CheckIns = current.CheckIns + change.CheckIns,
        };
    }

    public PlatformDay On(DateOnly day) => Days.GetValueOrDefault(Key(day)) is { } sums
        ? new PlatformDay(day, sums.ActiveUsers, sums.WeeklyActiveUsers, sums.MonthlyActiveUsers, sums.Entries, sums.CheckIns)
        : new PlatformDay(day, 0, 0, 0, 0, 0);

    /// <summary>Keeps the newest <paramref name="daysKept"/> days (window increments reach up to 30 days ahead of the newest activity).</summary>
    public void Prune(int daysKept)
    {
        if (Days.Count == 0) return;
        var oldestKept = Key(DateOnly.ParseExact(Days.Keys.Last(), "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(-daysKept));
        foreach (var old in Days.Keys.Where(k => string.CompareOrdinal(k, oldestKept) < 0).ToList()) Days.Remove(old);
    }

    private static string Key(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
