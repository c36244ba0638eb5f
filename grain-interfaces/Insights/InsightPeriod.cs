using System.Globalization;

namespace Journal.GrainInterfaces.Insights;

/// <summary>An ISO week ("2026-W48", Monday to Sunday) or a calendar month ("2026-11") of local dates.</summary>
[GenerateSerializer, Immutable, Alias("journal.InsightPeriod")]
public sealed record InsightPeriod(string Kind, string Name, DateOnly From, DateOnly To)
{
    public const string Weekly = "weekly";
    public const string Monthly = "monthly";

    public static InsightPeriod Week(int isoYear, int week)
    {
        var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(isoYear, week, DayOfWeek.Monday));
        return new(Weekly, $"{isoYear:D4}-W{week:D2}", monday, monday.AddDays(6));
    }

    public static InsightPeriod WeekOf(DateOnly day) => Week(ISOWeek.GetYear(day.ToDateTime(TimeOnly.MinValue)), ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue)));

    public static InsightPeriod Month(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        return new(Monthly, $"{year:D4}-{month:D2}", first, first.AddMonths(1).AddDays(-1));
    }

    public static InsightPeriod MonthOf(DateOnly day) => Month(day.Year, day.Month);

    /// <summary>"YYYY-Www" with a week that exists in that ISO year.</summary>
    public static InsightPeriod? ParseWeek(string text)
    {
        if (text.Length != 8 || text[4] != '-' || text[5] != 'W'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var week)
            || year < 1900 || week < 1 || week > ISOWeek.GetWeeksInYear(year))
            return null;
        return Week(year, week);
    }

    /// <summary>"YYYY-MM".</summary>
    public static InsightPeriod? ParseMonth(string text) =>
        text.Length == 7 && DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) && first.Year >= 1900
            ? Month(first.Year, first.Month)
            : null;
}
