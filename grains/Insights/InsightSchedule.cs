using NodaTime;
using NodaTime.Extensions;

namespace Journal.Grains.Insights;

/// <summary>When the weekly insight is generated: Monday 06:00 in the user's zone (a DST gap moves it to the first valid time).</summary>
public static class InsightSchedule
{
    public static readonly LocalTime RunTime = new(6, 0);

    /// <summary>The first local Monday 06:00 strictly after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextWeeklyRun(DateTimeOffset now, string timeZone)
    {
        var zone = DateTimeZoneProviders.Tzdb[timeZone];
        var local = now.ToInstant().InZone(zone).LocalDateTime;
        var date = local.Date;
        while (date.DayOfWeek != IsoDayOfWeek.Monday || date.At(RunTime) <= local) date = date.PlusDays(1);
        return date.At(RunTime).InZoneLeniently(zone).ToDateTimeOffset();
    }
}
