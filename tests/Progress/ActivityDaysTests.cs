using Journal.Grains.Activity;
using static Journal.Tests.Progress.Activities;

namespace Journal.Tests.Progress;

public sealed class ActivityDaysTests
{
    [Theory]
    // Spring forward in New York, 2026-03-08: 02:00 EST jumps to 03:00 EDT.
    [InlineData("2026-03-07T23:59-05:00", 0, "2026-03-07")]
    [InlineData("2026-03-08T01:59-05:00", 0, "2026-03-08")]
    [InlineData("2026-03-08T03:00-04:00", 0, "2026-03-08")]
    [InlineData("2026-03-08T01:59-05:00", 3, "2026-03-07")]
    // 03:00 EDT minus 3 wall-clock hours is 00:00 of the 8th; minus 3 real hours would be 23:00 of the 7th.
    [InlineData("2026-03-08T03:00-04:00", 3, "2026-03-08")]
    [InlineData("2026-03-08T03:30-04:00", 3, "2026-03-08")]
    [InlineData("2026-03-09T02:59-04:00", 3, "2026-03-08")]
    [InlineData("2026-03-09T03:00-04:00", 3, "2026-03-09")]
    // Fall back, 2026-11-01: 02:00 EDT falls back to 01:00 EST, so 01:30 happens twice.
    [InlineData("2026-10-31T23:30-04:00", 0, "2026-10-31")]
    [InlineData("2026-11-01T01:30-04:00", 0, "2026-11-01")]
    [InlineData("2026-11-01T01:30-05:00", 0, "2026-11-01")]
    [InlineData("2026-11-01T01:30-04:00", 3, "2026-10-31")]
    [InlineData("2026-11-01T01:30-05:00", 3, "2026-10-31")]
    // 02:30 EST minus 3 wall-clock hours is 23:30 of the 31st; minus 3 real hours would be 00:30 EDT of the 1st.
    [InlineData("2026-11-01T02:30-05:00", 3, "2026-10-31")]
    [InlineData("2026-11-01T03:00-05:00", 3, "2026-11-01")]
    [InlineData("2026-11-02T02:59-05:00", 3, "2026-11-01")]
    public void Day_of_an_instant_in_New_York_across_DST(string local, int dayStartHour, string expected)
    {
        Assert.Equal(Day(expected), ActivityDays.DayOf(Instant(local), NewYork, dayStartHour));
    }

    [Theory]
    [InlineData("2026-04-07T01:30+09:00", Tokyo, 4, "2026-04-06")]
    [InlineData("2026-04-07T04:00+09:00", Tokyo, 4, "2026-04-07")]
    [InlineData("2026-04-07T05:59+09:00", Tokyo, 6, "2026-04-06")]
    [InlineData("2026-04-07T01:30+09:00", LosAngeles, 0, "2026-04-06")]
    [InlineData("2026-04-07T01:30+09:00", "UTC", 0, "2026-04-06")]
    public void Day_of_an_instant_uses_the_zone_and_the_day_start(string at, string zone, int dayStartHour, string expected)
    {
        Assert.Equal(Day(expected), ActivityDays.DayOf(Instant(at), zone, dayStartHour));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(7)]
    public void A_day_start_outside_0_to_6_is_rejected(int dayStartHour)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ActivityDays.DayOf(DateTimeOffset.UnixEpoch, NewYork, dayStartHour));
    }

    [Fact]
    public void An_unknown_zone_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => ActivityDays.DayOf(DateTimeOffset.UnixEpoch, "Mars/Olympus_Mons", 0));
    }

    [Theory]
    [InlineData(NewYork, true)]
    [InlineData(Tokyo, true)]
    [InlineData("Europe/Kyiv", true)]
    [InlineData("UTC", true)]
    [InlineData("Mars/Olympus_Mons", false)]
    [InlineData("EST5EDTX", false)]
    [InlineData("", false)]
    public void Known_zones_are_the_IANA_ids(string zone, bool known)
    {
        Assert.Equal(known, ActivityDays.IsKnownZone(zone));
    }
}
