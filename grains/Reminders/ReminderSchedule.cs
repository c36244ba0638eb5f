using Journal.GrainInterfaces.Reminders;
using NodaTime;
using NodaTime.Extensions;

namespace Journal.Grains.Reminders;

/// <summary>
/// When a repeating reminder is due next (docs/HABITS.md), pure: "now" is a parameter. A reminder
/// repeats a wall-clock time: the local date and time it was set for, plus whole days, weeks or
/// months, each time resolved in the user's current zone. So a daily 08:00 stays 08:00 across DST and
/// after moving zones, and a monthly reminder on the 31st falls on the last day of shorter months
/// and back on the 31st after them (each occurrence is counted from the first, never from the last).
/// A wall-clock time the zone skips (spring forward) fires as much later as the clocks jumped (02:30
/// becomes 03:30); one it repeats (fall back) fires at the earlier of the two.
/// </summary>
public static class ReminderSchedule
{
    /// <summary>The local date and time <paramref name="at"/> shows in <paramref name="timeZone"/>: what repeats follow.</summary>
    public static DateTime WallClock(DateTimeOffset at, string timeZone) =>
        at.ToInstant().InZone(Zone(timeZone)).LocalDateTime.ToDateTimeUnspecified();

    /// <summary>The first occurrence after <paramref name="after"/>; null for a reminder that does not repeat.</summary>
    public static DateTimeOffset? NextAfter(DateTime wallClock, ReminderRepeat repeat, string timeZone, DateTimeOffset after)
    {
        if (repeat == ReminderRepeat.None) return null;
        var zone = Zone(timeZone);
        var first = LocalDateTime.FromDateTime(wallClock);
        // Start a little before where "after" falls (time-zone offsets are under a day), then step.
        var reached = after.ToInstant().InZone(zone).LocalDateTime;
        var estimate = repeat switch
        {
            ReminderRepeat.Daily => Period.Between(first.Date, reached.Date, PeriodUnits.Days).Days - 1,
            ReminderRepeat.Weekly => Period.Between(first.Date, reached.Date, PeriodUnits.Days).Days / 7 - 1,
            _ => Period.Between(first.Date, reached.Date, PeriodUnits.Months).Months - 1,
        };
        for (var n = Math.Max(1, estimate); ; n++)
        {
            var due = Occurrence(first, repeat, n).InZoneLeniently(zone).ToDateTimeOffset();
            if (due > after) return due.ToUniversalTime();
        }
    }

    private static LocalDateTime Occurrence(LocalDateTime first, ReminderRepeat repeat, int n) => repeat switch
    {
        ReminderRepeat.Daily => first.PlusDays(n),
        ReminderRepeat.Weekly => first.PlusWeeks(n),
        _ => first.PlusMonths(n),
    };

    private static DateTimeZone Zone(string timeZone) =>
        DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone) ?? throw new ArgumentException($"Unknown IANA time zone '{timeZone}'.", nameof(timeZone));
}
