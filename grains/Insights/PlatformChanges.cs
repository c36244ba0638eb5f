using System.Collections.Immutable;
using Journal.GrainInterfaces.Insights;
using Journal.GrainInterfaces.Progress;

namespace Journal.Grains.Insights;

/// <summary>The platform increments of one delivery of a user's events, gathered into one <see cref="PlatformActivity"/>.</summary>
internal sealed class PlatformChanges
{
    private readonly SortedDictionary<DateOnly, PlatformDayChange> _days = [];

    /// <summary>Every event is activity on the UTC day it was written; creations also count as entries or check-ins of that day.</summary>
    public void Record(List<DateOnly> activeDays, ActivityEvent activity)
    {
        var day = DateOnly.FromDateTime(activity.At.UtcDateTime);
        foreach (var (end, daily, weekly, monthly) in ActiveWindows.Record(activeDays, day)) Add(end, daily, weekly, monthly, 0, 0);
        if (activity.Kind == ActivityEventKind.EntryCreated) Add(day, 0, 0, 0, 1, 0);
        if (activity.Kind == ActivityEventKind.CheckInCreated) Add(day, 0, 0, 0, 0, 1);
    }

    public PlatformActivity? ToEvent() => _days.Count == 0 ? null : new PlatformActivity([.. _days.Values]);

    private void Add(DateOnly day, int active, int weekly, int monthly, int entries, int checkIns)
    {
        var current = _days.GetValueOrDefault(day) ?? new PlatformDayChange(day, 0, 0, 0, 0, 0);
        _days[day] = current with
        {
            ActiveUsers = current.ActiveUsers + active,
            WeeklyActiveUsers = current.WeeklyActiveUsers + weekly,
            MonthlyActiveUsers = current.MonthlyActiveUsers + monthly,
            Entries = current.Entries + entries,
            CheckIns = current.CheckIns + checkIns,
        };
    }
}
