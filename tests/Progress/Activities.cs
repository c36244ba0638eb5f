using Journal.Grains.Activity;
using System.Globalization;
using Journal.Grains.Progress;

namespace Journal.Tests.Progress;

/// <summary>Builds activities the way the writing grain does: the day is computed once, from the instant and the settings in force.</summary>
internal static class Activities
{
    public const string NewYork = "America/New_York";
    public const string Tokyo = "Asia/Tokyo";
    public const string LosAngeles = "America/Los_Angeles";

    /// <summary>An activity at <paramref name="local"/>, an ISO local time with its UTC offset, e.g. "2026-03-08T03:30-04:00".</summary>
    public static Activity At(string local, string zone = NewYork, int dayStartHour = 0, ActivityKind kind = ActivityKind.JournalEntry, int words = 0)
    {
        var at = Instant(local);
        return new Activity(kind, ActivityDays.DayOf(at, zone, dayStartHour), at, zone, dayStartHour, words);
    }

    /// <summary>An entry in the evening of <paramref name="day"/> in New York, so the day is plainly that date.</summary>
    public static Activity Entry(DateOnly day, int words = 0) => On(day, ActivityKind.JournalEntry, words);

    public static Activity CheckIn(DateOnly day) => On(day, ActivityKind.CheckIn, 0);

    public static DateTimeOffset Instant(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    public static DateOnly Day(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);

    private static Activity On(DateOnly day, ActivityKind kind, int words) =>
        new(kind, day, new DateTimeOffset(day.ToDateTime(new TimeOnly(20, 0)), TimeSpan.FromHours(-4)), NewYork, 0, words);
}
