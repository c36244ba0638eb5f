using Journal.GrainInterfaces.Insights;
using Journal.Grains.Insights;

namespace Journal.Tests.Insights;

public sealed class InsightPeriodTests
{
    [Theory]
    [InlineData("2026-W48", "2026-11-23", "2026-11-29")]
    [InlineData("2026-W01", "2025-12-29", "2026-01-04")] // ISO week 1 starts in the previous calendar year
    [InlineData("2020-W53", "2020-12-28", "2021-01-03")]
    public void ISO_weeks_run_Monday_to_Sunday(string text, string from, string to)
    {
        var week = InsightPeriod.ParseWeek(text)!;
        Assert.Equal((DateOnly.Parse(from), DateOnly.Parse(to)), (week.From, week.To));
        Assert.Equal(text, InsightPeriod.WeekOf(week.To).Name);
    }

    [Theory]
    [InlineData("2026-W54")]
    [InlineData("2025-W53")] // 2025 has 52 ISO weeks (2026 has 53)
    [InlineData("2026-48")]
    [InlineData("2026-W4")]
    [InlineData("26-W48")]
    public void Malformed_or_missing_weeks_are_refused(string text) => Assert.Null(InsightPeriod.ParseWeek(text));

    [Fact]
    public void Months_run_from_the_first_to_the_last_day()
    {
        Assert.Equal((new DateOnly(2028, 2, 1), new DateOnly(2028, 2, 29)), (InsightPeriod.ParseMonth("2028-02")!.From, InsightPeriod.ParseMonth("2028-02")!.To));
        Assert.Null(InsightPeriod.ParseMonth("2028-13"));
        Assert.Null(InsightPeriod.ParseMonth("2028-2"));
    }

    [Theory]
    [InlineData("2026-11-25T12:00:00Z", "Europe/Paris", "2026-11-30T05:00:00Z")] // Wednesday → next Monday 06:00 CET
    [InlineData("2026-11-30T04:59:00Z", "Europe/Paris", "2026-11-30T05:00:00Z")] // Monday 05:59 local → the same morning
    [InlineData("2026-11-30T05:00:00Z", "Europe/Paris", "2026-12-07T05:00:00Z")] // Monday 06:00 exactly → a week later
    [InlineData("2026-11-29T20:00:00Z", "Asia/Tokyo", "2026-11-29T21:00:00Z")]   // Sunday evening in UTC is already Monday 05:00 in Tokyo
    [InlineData("2026-03-25T12:00:00Z", "Europe/Paris", "2026-03-30T04:00:00Z")] // after the spring change: CEST
    public void The_weekly_run_is_the_next_local_Monday_at_six(string now, string zone, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), InsightSchedule.NextWeeklyRun(DateTimeOffset.Parse(now), zone));
}
