using Journal.GrainInterfaces.Reminders;
using Journal.Grains.Reminders;
using static Journal.Tests.Progress.Activities;

namespace Journal.Tests.Reminders;

public sealed class ReminderScheduleTests
{
    private const string Paris = "Europe/Paris";

    private static DateTimeOffset? Next(string wallClock, ReminderRepeat repeat, string zone, string after) =>
        ReminderSchedule.NextAfter(DateTime.Parse(wallClock, System.Globalization.CultureInfo.InvariantCulture), repeat, zone, Instant(after));

    [Fact]
    public void A_reminder_that_does_not_repeat_has_no_next_time() =>
        Assert.Null(Next("2026-03-10T08:00", ReminderRepeat.None, Paris, "2026-03-10T08:00+01:00"));

    [Fact]
    public void Daily_is_the_same_wall_clock_time_the_next_day()
    {
        Assert.Equal(Instant("2026-03-11T08:00+01:00"), Next("2026-03-10T08:00", ReminderRepeat.Daily, Paris, "2026-03-10T08:00+01:00"));
    }

    [Fact]
    public void Daily_stays_at_eight_local_across_both_DST_changes()
    {
        // Paris: summer time starts 2026-03-29 (UTC+1 → UTC+2) and ends 2026-10-25 (UTC+2 → UTC+1).
        Assert.Equal(Instant("2026-03-29T08:00+02:00"), Next("2026-03-20T08:00", ReminderRepeat.Daily, Paris, "2026-03-28T08:00+01:00"));
        Assert.Equal(Instant("2026-10-25T08:00+01:00"), Next("2026-03-20T08:00", ReminderRepeat.Daily, Paris, "2026-10-24T08:00+02:00"));
    }

    [Fact]
    public void A_time_the_clocks_skip_fires_as_much_later_and_a_repeated_one_at_the_first()
    {
        // 02:30 does not exist on 2026-03-29 in Paris (02:00 → 03:00); 02:30 happens twice on 2026-10-25.
        Assert.Equal(Instant("2026-03-29T03:30+02:00"), Next("2026-03-01T02:30", ReminderRepeat.Daily, Paris, "2026-03-28T02:30+01:00"));
        Assert.Equal(Instant("2026-10-25T02:30+02:00"), Next("2026-03-01T02:30", ReminderRepeat.Daily, Paris, "2026-10-24T02:30+02:00"));
        Assert.Equal(Instant("2026-03-30T02:30+02:00"), Next("2026-03-01T02:30", ReminderRepeat.Daily, Paris, "2026-03-29T03:30+02:00"));
    }

    [Fact]
    public void Weekly_keeps_the_weekday_and_time()
    {
        Assert.Equal(Instant("2026-03-31T19:00+02:00"), Next("2026-03-24T19:00", ReminderRepeat.Weekly, Paris, "2026-03-24T19:00+01:00"));
    }

    [Fact]
    public void Monthly_on_the_31st_falls_on_the_last_day_of_shorter_months_and_comes_back()
    {
        Assert.Equal(Instant("2026-02-28T09:00+01:00"), Next("2026-01-31T09:00", ReminderRepeat.Monthly, Paris, "2026-01-31T09:00+01:00"));
        Assert.Equal(Instant("2026-03-31T09:00+02:00"), Next("2026-01-31T09:00", ReminderRepeat.Monthly, Paris, "2026-02-28T09:00+01:00"));
        Assert.Equal(Instant("2028-02-29T09:00+01:00"), Next("2028-01-31T09:00", ReminderRepeat.Monthly, Paris, "2028-01-31T09:00+01:00"));
    }

    [Fact]
    public void Missed_occurrences_are_skipped_to_the_first_one_after_now()
    {
        // The service was down for ten days: the next time is tomorrow's, not each missed one.
        Assert.Equal(Instant("2026-05-21T08:00+02:00"), Next("2026-05-01T08:00", ReminderRepeat.Daily, Paris, "2026-05-20T12:00+02:00"));
        Assert.Equal(Instant("2027-05-01T08:00+02:00"), Next("2026-05-01T08:00", ReminderRepeat.Monthly, Paris, "2027-04-15T12:00+02:00"));
        Assert.Equal(Instant("2026-06-05T08:00+02:00"), Next("2026-05-01T08:00", ReminderRepeat.Weekly, Paris, "2026-05-30T12:00+02:00"));
    }

    [Fact]
    public void After_moving_zones_the_wall_clock_time_follows_the_user()
    {
        // Set for 08:00 in Paris; the user now lives in New York: 08:00 there.
        Assert.Equal(Instant("2026-06-11T08:00-04:00"), Next("2026-06-01T08:00", ReminderRepeat.Daily, NewYork, "2026-06-10T12:00-04:00"));
    }

    [Fact]
    public void The_wall_clock_time_is_read_in_the_users_zone()
    {
        Assert.Equal(new DateTime(2026, 3, 29, 8, 0, 0), ReminderSchedule.WallClock(Instant("2026-03-29T06:00Z"), Paris));
    }
}
