using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Habits;
using Journal.Grains.Habits;
using static Journal.Tests.Progress.Activities;

namespace Journal.Tests.Habits;

public sealed class HabitStreakRulesTests
{
    private static readonly DateOnly Created = Day("2026-01-01");

    private static HabitStreak Streak(HabitFrequency frequency, int target, string today, params string[] days) =>
        HabitStreakRules.Compute(HabitPeriods.For(frequency, Created, frequency == HabitFrequency.Custom ? 3 : null), target, days.Select(Day), Day(today));

    [Fact]
    public void A_habit_never_done_has_no_streak()
    {
        var streak = Streak(HabitFrequency.Daily, 1, "2026-03-10");

        Assert.Equal(new HabitStreak(0, 0, "day", 0, null), streak);
    }

    [Fact]
    public void Daily_counts_consecutive_days_up_to_today()
    {
        var streak = Streak(HabitFrequency.Daily, 1, "2026-03-10", "2026-03-08", "2026-03-09", "2026-03-10");

        Assert.Equal(new HabitStreak(3, 3, "day", 1, Day("2026-03-10")), streak);
    }

    [Fact]
    public void Daily_today_not_done_yet_keeps_yesterdays_run()
    {
        var streak = Streak(HabitFrequency.Daily, 1, "2026-03-10", "2026-03-08", "2026-03-09");

        Assert.Equal((2, 0), (streak.Current, streak.CompletedThisPeriod));
    }

    [Fact]
    public void Daily_a_missed_day_breaks_the_run_but_not_the_longest()
    {
        var streak = Streak(HabitFrequency.Daily, 1, "2026-03-10",
            "2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-07", "2026-03-08");

        Assert.Equal((0, 4), (streak.Current, streak.Longest));
        Assert.Equal(2, Streak(HabitFrequency.Daily, 1, "2026-03-09", "2026-03-01", "2026-03-02", "2026-03-07", "2026-03-08").Current);
    }

    [Fact]
    public void Daily_runs_cross_month_and_year_ends()
    {
        Assert.Equal(3, Streak(HabitFrequency.Daily, 1, "2027-01-01", "2026-12-30", "2026-12-31", "2027-01-01").Current);
        Assert.Equal(3, Streak(HabitFrequency.Daily, 1, "2028-03-01", "2028-02-28", "2028-02-29", "2028-03-01").Current);
    }

    [Fact]
    public void Several_completions_on_one_date_count_once()
    {
        var streak = Streak(HabitFrequency.Weekly, 2, "2026-03-11", "2026-03-09", "2026-03-09", "2026-03-09");

        Assert.Equal((0, 1), (streak.Current, streak.CompletedThisPeriod));
    }

    [Fact]
    public void Weekly_periods_are_iso_weeks_from_monday_to_sunday()
    {
        // 2026-03-08 is a Sunday, 2026-03-09 the Monday after it: two weeks, each meeting a target of 1.
        var streak = Streak(HabitFrequency.Weekly, 1, "2026-03-09", "2026-03-08", "2026-03-09");
        // Monday and Sunday of the same week: one week.
        var sameWeek = Streak(HabitFrequency.Weekly, 2, "2026-03-15", "2026-03-09", "2026-03-15");

        Assert.Equal((2, "week"), (streak.Current, streak.Unit));
        Assert.Equal((1, 2), (sameWeek.Current, sameWeek.CompletedThisPeriod));
    }

    [Fact]
    public void Weekly_a_week_below_its_target_breaks_the_run()
    {
        // Target 3: weeks of 2 Mar (3 days), 9 Mar (2 days: short), 16 Mar (3 days).
        string[] days = ["2026-03-02", "2026-03-04", "2026-03-06", "2026-03-09", "2026-03-10", "2026-03-16", "2026-03-17", "2026-03-18"];

        var streak = Streak(HabitFrequency.Weekly, 3, "2026-03-19", days);

        Assert.Equal((1, 1), (streak.Current, streak.Longest));
    }

    [Fact]
    public void Weekly_the_running_week_does_not_break_the_streak_before_it_ends()
    {
        string[] days = ["2026-03-02", "2026-03-03", "2026-03-09", "2026-03-10", "2026-03-16"];

        var midWeek = Streak(HabitFrequency.Weekly, 2, "2026-03-18", days);
        var nextWeek = Streak(HabitFrequency.Weekly, 2, "2026-03-23", days);

        Assert.Equal((2, 1), (midWeek.Current, midWeek.CompletedThisPeriod));
        Assert.Equal(0, nextWeek.Current);
        Assert.Equal(2, nextWeek.Longest);
    }

    [Fact]
    public void Weekly_runs_cross_the_year_end()
    {
        // ISO week 2026-W53 runs from Monday 28 Dec 2026 to Sunday 3 Jan 2027.
        var streak = Streak(HabitFrequency.Weekly, 2, "2027-01-04", "2026-12-21", "2026-12-22", "2026-12-31", "2027-01-03", "2027-01-04", "2027-01-05");

        Assert.Equal(3, Streak(HabitFrequency.Weekly, 2, "2027-01-05", "2026-12-21", "2026-12-22", "2026-12-31", "2027-01-03", "2027-01-04", "2027-01-05").Current);
        Assert.Equal((2, 1), (streak.Current, streak.CompletedThisPeriod));
    }

    [Fact]
    public void Monthly_periods_are_calendar_months_whatever_their_length()
    {
        // January 31 days, February 28, March: one completion each, then April not yet.
        var streak = Streak(HabitFrequency.Monthly, 1, "2026-04-15", "2026-01-31", "2026-02-01", "2026-03-31");
        var leap = Streak(HabitFrequency.Monthly, 2, "2028-02-29", "2028-01-30", "2028-01-31", "2028-02-28", "2028-02-29");

        Assert.Equal(("month", 3, 0), (streak.Unit, streak.Current, streak.CompletedThisPeriod));
        Assert.Equal(2, leap.Current);
    }

    [Fact]
    public void Monthly_a_month_without_enough_days_breaks_the_run()
    {
        var streak = Streak(HabitFrequency.Monthly, 2, "2026-05-02",
            "2026-01-05", "2026-01-06", "2026-02-05", "2026-02-06", "2026-03-05", "2026-04-01", "2026-04-02");

        Assert.Equal((1, 2), (streak.Current, streak.Longest));
    }

    [Fact]
    public void Custom_periods_are_counted_from_the_creation_date()
    {
        // Every 3 days from 2026-01-01: [01..03], [04..06], [07..09], [10..12].
        var streak = Streak(HabitFrequency.Custom, 1, "2026-01-10", "2026-01-03", "2026-01-04", "2026-01-09");
        var gap = Streak(HabitFrequency.Custom, 1, "2026-01-13", "2026-01-01", "2026-01-04", "2026-01-10");

        Assert.Equal(("period", 3, 0), (streak.Unit, streak.Current, streak.CompletedThisPeriod));
        Assert.Equal((1, 2), (gap.Current, gap.Longest));
    }

    [Fact]
    public void Custom_dates_before_the_creation_date_fall_into_earlier_periods()
    {
        var streak = Streak(HabitFrequency.Custom, 1, "2026-01-02", "2025-12-26", "2025-12-29", "2026-01-01");

        Assert.Equal(3, streak.Current);
    }

    [Fact]
    public void Completions_after_today_are_ignored()
    {
        // After flying west a stored date can be "tomorrow": it counts once today catches up.
        var streak = Streak(HabitFrequency.Daily, 1, "2026-03-10", "2026-03-10", "2026-03-11");

        Assert.Equal((1, Day("2026-03-10")), (streak.Current, streak.LastCompletedOn));
    }

    [Theory]
    [InlineData(HabitFrequency.Daily, 1, null, 1)]
    [InlineData(HabitFrequency.Weekly, null, null, 1)]
    [InlineData(HabitFrequency.Weekly, 7, null, 7)]
    [InlineData(HabitFrequency.Monthly, 28, null, 28)]
    [InlineData(HabitFrequency.Custom, 10, 10, 10)]
    public void Targets_that_fit_their_frequency_are_accepted(HabitFrequency frequency, int? target, int? periodDays, int expected) =>
        Assert.Equal(expected, HabitPeriods.CheckTarget(frequency, target, periodDays));

    [Theory]
    [InlineData(HabitFrequency.Daily, 2, null, "targetPerPeriod")]
    [InlineData(HabitFrequency.Weekly, 8, null, "targetPerPeriod")]
    [InlineData(HabitFrequency.Monthly, 29, null, "targetPerPeriod")]
    [InlineData(HabitFrequency.Custom, 4, 3, "targetPerPeriod")]
    [InlineData(HabitFrequency.Custom, 1, null, "meta.everyDays")]
    [InlineData(HabitFrequency.Custom, 1, 1, "meta.everyDays")]
    [InlineData(HabitFrequency.Custom, 1, 366, "meta.everyDays")]
    public void Targets_that_cannot_be_met_are_refused_naming_the_field(HabitFrequency frequency, int? target, int? periodDays, string field) =>
        Assert.Equal(field, Assert.Throws<DomainValidationException>(() => HabitPeriods.CheckTarget(frequency, target, periodDays)).Field);
}
