using NodaTime;
using NodaTime.Extensions;

namespace Journal.Grains.Activity;

/// <summary>Which day an instant belongs to for a user: their local date, where a day ends <c>dayStartHour</c> hours after local midnight.</summary>
public static class ActivityDays
{
    public const int MaxDayStartHour = 6;

    /// <summary>
    /// The local date of <paramref name="at"/> in <paramref name="timeZone"/> after going back
    /// <paramref name="dayStartHour"/> hours of wall-clock time: 01:30 with a day start of 4 belongs to
    /// the previous date. The subtraction is on the local date and time, not on the instant, so a DST
    /// shift inside those hours does not move the boundary (03:30 on a spring-forward morning is still
    /// 00:30 of that date, not 23:30 of the day before).
    /// </summary>
    public static DateOnly DayOf(DateTimeOffset at, string timeZone, int dayStartHour)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dayStartHour);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dayStartHour, MaxDayStartHour);
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone)
            ?? throw new ArgumentException($"Unknown IANA time zone '{timeZone}'.", nameof(timeZone));
        var local = at.ToInstant().InZone(zone).LocalDateTime.PlusHours(-dayStartHour);
        return local.Date.ToDateOnly();
    }

    /// <summary>Whether <paramref name="timeZone"/> is an IANA zone id known to the bundled tz database.</summary>
    public static bool IsKnownZone(string timeZone) => DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone) is not null;
}
