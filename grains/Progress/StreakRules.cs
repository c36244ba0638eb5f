using System.Collections.Immutable;
using Journal.GrainInterfaces.Progress;
using Journal.Grains.Activity;

namespace Journal.Grains.Progress;

/// <summary>The streak rules of docs/STREAKS.md, on a <see cref="StreakState"/>; pure: "today" is always a parameter.</summary>
public static class StreakRules
{
    public const int DaysPerFreeze = 7;
    public const int MaxFreezes = 2;
    public const int MaxHistory = 60;

    /// <summary>Counts <paramref name="activity"/>; true when the current or longest streak, the freezes or the history changed.</summary>
    public static bool Apply(StreakState state, Activity activity)
    {
        if (state.LastActiveDate is { } lastDay && activity.Day <= lastDay)
        {
            // The day already counted (a second entry, or a date replayed after flying west). Only
            // remember the later instant: it shortens the gap measured to the next day.
            if (activity.Day == lastDay && (state.LastActivity is null || activity.At > state.LastActivity.At))
                state.LastActivity = activity;
            return false;
        }

        if (state.LastActiveDate is { } previousDay && state.LastActivity is { } previous)
            ApplyMissedDays(state, previousDay, MissedDays(previous, activity));

        state.Current++;
        state.StartedOn ??= activity.Day;
        state.Longest = Math.Max(state.Longest, state.Current);
        var what = activity.Kind == ActivityKind.JournalEntry ? "Entry" : "Check-in";
        AddHistory(state, activity.Day, 1, state.Current == 1
            ? $"{what} on {Format(activity.Day)} started a streak of 1 day"
            : $"{what} on {Format(activity.Day)} extended the streak to {state.Current} days");

        if (state.Current % DaysPerFreeze == 0 && state.FreezesAvailable < MaxFreezes)
        {
            state.FreezesAvailable++;
            AddHistory(state, activity.Day, 0, $"Earned a freeze after {state.Current} consecutive days");
        }

        state.LastActiveDate = activity.Day;
        state.LastActivity = activity;
        return true;
    }

    /// <summary>
    /// The streak as of <paramref name="today"/> (the user's current activity day), as if the missed
    /// days so far were settled: freezes that would cover them are shown as spent, and a streak they
    /// cannot cover shows 0. The state is not changed; the next activity settles for real.
    /// </summary>
    public static StreakView View(StreakState state, DateOnly today)
    {
        var history = state.History.ToImmutableList();
        if (state.LastActiveDate is not { } lastDay)
            return new StreakView(0, state.Longest, null, null, state.FreezesAvailable, history);

        // Today is not missed yet: the user may still write before it ends.
        var missed = Math.Max(0, today.DayNumber - lastDay.DayNumber - 1);
        return missed <= state.FreezesAvailable
            ? new StreakView(state.Current, state.Longest, state.StartedOn, lastDay, state.FreezesAvailable - missed, history)
            : new StreakView(0, state.Longest, null, lastDay, state.FreezesAvailable, history);
    }

    /// <summary>
    /// Whole days with no activity between two activities on different days. The calendar gap is
    /// measured from the two instants in the earlier activity's zone and in the later one's (each
    /// with its own day start), and also between the two stored days; the smallest wins. Flying east
    /// skips a date on the wall clock, flying west makes one zone's dates look further apart than the
    /// days the user wrote on: neither is a missed day. DST cannot add one either, since gaps are
    /// counted in local dates, never in hours.
    /// </summary>
    private static int MissedDays(Activity previous, Activity next)
    {
        var stored = next.Day.DayNumber - previous.Day.DayNumber;
        var inPreviousZone = GapIn(previous.TimeZone, previous.DayStartHour);
        var inNextZone = GapIn(next.TimeZone, next.DayStartHour);
        return Math.Max(0, Math.Min(stored, Math.Min(inPreviousZone, inNextZone)) - 1);

        int GapIn(string zone, int dayStartHour) =>
            ActivityDays.DayOf(next.At, zone, dayStartHour).DayNumber - ActivityDays.DayOf(previous.At, zone, dayStartHour).DayNumber;
    }

    /// <summary>
    /// Spends one freeze per missed day when enough are held; otherwise the streak resets and the
    /// freezes are kept, since spending them could not have saved it.
    /// </summary>
    private static void ApplyMissedDays(StreakState state, DateOnly lastDay, int missed)
    {
        if (missed == 0)
            return;
        if (missed <= state.FreezesAvailable)
        {
            state.FreezesAvailable -= missed;
            for (var day = 1; day <= missed; day++)
                AddHistory(state, lastDay.AddDays(day), 0, $"Freeze used for {Format(lastDay.AddDays(day))}");
            return;
        }

        var first = lastDay.AddDays(1);
        var last = lastDay.AddDays(missed);
        var range = missed == 1 ? Format(first) : $"{Format(first)}..{Format(last)}";
        var freezes = state.FreezesAvailable switch
        {
            0 => "no freeze",
            1 => "only 1 freeze",
            var held => $"only {held} freezes",
        };
        AddHistory(state, first, -state.Current, $"Missed {range} with {freezes}: streak reset");
        state.Current = 0;
        state.StartedOn = null;
    }

    private static void AddHistory(StreakState state, DateOnly date, int change, string reason)
    {
        state.History.Add(new StreakHistoryItem(date, change, reason));
        if (state.History.Count > MaxHistory)
            state.History.RemoveRange(0, state.History.Count - MaxHistory);
    }

    private static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
