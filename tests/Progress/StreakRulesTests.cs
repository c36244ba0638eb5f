using System.Text.Json;
using Journal.GrainInterfaces.Progress;
using Journal.Grains.Progress;
using static Journal.Tests.Progress.Activities;

namespace Journal.Tests.Progress;

public sealed class StreakRulesTests
{
    private static StreakState Streak(params Activity[] activities)
    {
        var state = new StreakState();
        foreach (var activity in activities)
            StreakRules.Apply(state, activity);
        return state;
    }

    /// <summary>An entry on each of <paramref name="count"/> consecutive days from <paramref name="first"/>.</summary>
    private static Activity[] Daily(string first, int count) =>
        Enumerable.Range(0, count).Select(offset => Entry(Day(first).AddDays(offset))).ToArray();

    [Fact]
    public void The_first_activity_starts_a_streak_of_one_day()
    {
        var state = new StreakState();

        Assert.True(StreakRules.Apply(state, Entry(Day("2026-03-14"))));

        var view = StreakRules.View(state, Day("2026-03-14"));
        Assert.Equal((1, 1, Day("2026-03-14"), Day("2026-03-14"), 0), (view.Current, view.Longest, view.StartedOn, view.LastActiveDate, view.FreezesAvailable));
        Assert.Equal([new StreakHistoryItem(Day("2026-03-14"), 1, "Entry on 2026-03-14 started a streak of 1 day")], view.History);
    }

    [Fact]
    public void Consecutive_days_extend_the_streak_and_say_so()
    {
        var state = Streak([.. Daily("2026-03-10", 4), CheckIn(Day("2026-03-14"))]);

        Assert.Equal(5, state.Current);
        Assert.Equal(5, state.Longest);
        Assert.Equal(Day("2026-03-10"), state.StartedOn);
        Assert.Equal(new StreakHistoryItem(Day("2026-03-13"), 1, "Entry on 2026-03-13 extended the streak to 4 days"), state.History[^2]);
        Assert.Equal(new StreakHistoryItem(Day("2026-03-14"), 1, "Check-in on 2026-03-14 extended the streak to 5 days"), state.History[^1]);
    }

    [Fact]
    public void Several_activities_on_one_day_count_once()
    {
        var state = new StreakState();
        var day = Day("2026-03-14");

        var changed = new[] { Entry(day), Entry(day, words: 300), CheckIn(day), Entry(day), CheckIn(day) }
            .Select(activity => StreakRules.Apply(state, activity)).ToArray();

        Assert.Equal([true, false, false, false, false], changed);
        Assert.Equal(1, state.Current);
        Assert.Single(state.History);
    }

    [Theory]
    // Spring forward, 2026-03-08 (no 02:00-03:00 that night).
    [InlineData(0, 3, "2026-03-09", "2026-03-07T22:00-05:00", "2026-03-08T03:30-04:00", "2026-03-09T00:30-04:00")]
    [InlineData(3, 2, "2026-03-08", "2026-03-07T22:00-05:00", "2026-03-08T03:30-04:00", "2026-03-09T00:30-04:00")]
    [InlineData(3, 3, "2026-03-09", "2026-03-07T22:00-05:00", "2026-03-08T01:59-05:00", "2026-03-08T03:00-04:00", "2026-03-09T02:30-04:00", "2026-03-09T03:30-04:00")]
    // 23 hours apart but the 8th had nothing: DST neither hides nor invents a missed day.
    [InlineData(0, 1, "2026-03-09", "2026-03-07T23:59-05:00", "2026-03-09T00:01-04:00")]
    // Fall back, 2026-11-01 (01:00-02:00 twice that night).
    [InlineData(0, 3, "2026-11-02", "2026-10-31T23:30-04:00", "2026-11-01T01:30-04:00", "2026-11-01T01:30-05:00", "2026-11-01T23:30-05:00", "2026-11-02T00:30-05:00")]
    [InlineData(3, 2, "2026-11-01", "2026-10-31T23:30-04:00", "2026-11-01T01:30-04:00", "2026-11-01T01:30-05:00", "2026-11-01T23:30-05:00", "2026-11-02T00:30-05:00")]
    // 49 hours apart on consecutive days (the 1st is 25 hours long): not a missed day.
    [InlineData(0, 2, "2026-11-02", "2026-11-01T00:01-04:00", "2026-11-02T23:59-05:00")]
    [InlineData(3, 2, "2026-11-02", "2026-11-01T03:00-05:00", "2026-11-03T02:59-05:00")]
    public void DST_days_in_New_York_neither_break_nor_double_count(int dayStartHour, int current, string lastActive, params string[] times)
    {
        var state = Streak(times.Select(time => At(time, NewYork, dayStartHour)).ToArray());

        Assert.Equal(current, state.Current);
        Assert.Equal(Day(lastActive), state.LastActiveDate);
        Assert.Equal(current, state.History.Sum(item => item.Change));
    }

    [Fact]
    public void Flying_Tokyo_to_Los_Angeles_and_back_neither_breaks_nor_double_counts()
    {
        var state = new StreakState();
        var steps = new (Activity Activity, bool Changed, int Current, string LastActive)[]
        {
            (At("2026-04-06T20:00+09:00", Tokyo), true, 1, "2026-04-06"),
            (At("2026-04-07T10:00+09:00", Tokyo), true, 2, "2026-04-07"),
            // Landed in Los Angeles the same morning: the 7th again, already counted.
            (At("2026-04-07T20:00-07:00", LosAngeles), false, 2, "2026-04-07"),
            (At("2026-04-08T20:00-07:00", LosAngeles), true, 3, "2026-04-08"),
            (At("2026-04-09T10:00-07:00", LosAngeles), true, 4, "2026-04-09"),
            // Flew back and lost the 10th on the wall clock: it is 02:00 on the 10th in Tokyo when the
            // last entry was written, so the 11th is the next day there.
            (At("2026-04-11T08:00+09:00", Tokyo), true, 5, "2026-04-11"),
            (At("2026-04-12T08:00+09:00", Tokyo), true, 6, "2026-04-12"),
        };

        foreach (var (activity, changed, current, lastActive) in steps)
        {
            Assert.Equal(changed, StreakRules.Apply(state, activity));
            Assert.Equal((current, Day(lastActive)), (state.Current, state.LastActiveDate));
        }
        Assert.Equal(0, state.FreezesAvailable);
        Assert.Equal(6, state.History.Count);
        Assert.All(state.History, item => Assert.Equal(1, item.Change));
    }

    [Theory]
    // Morning in Los Angeles on the 9th, then 01:00 in Tokyo on the 11th: a day apart in Los
    // Angeles (the 10th there), two in Tokyo. Only the previous zone sees no missed day.
    [InlineData("2026-04-09T06:00-07:00", "2026-04-11T01:00+09:00")]
    // 23:00 in Los Angeles on the 9th (the 10th in Tokyo), then Tokyo late on the 11th: only the
    // new zone sees no missed day.
    [InlineData("2026-04-09T23:00-07:00", "2026-04-11T23:30+09:00")]
    public void Flying_east_skips_a_wall_clock_date_without_missing_a_day(string inLosAngeles, string inTokyo)
    {
        var state = Streak(At(inLosAngeles, LosAngeles), At(inTokyo, Tokyo));

        Assert.Equal((2, Day("2026-04-11")), (state.Current, state.LastActiveDate));
        Assert.Equal([1, 1], state.History.Select(item => item.Change));
    }

    [Fact]
    public void Flying_west_after_a_morning_entry_keeps_consecutive_stored_days()
    {
        // 10:00 in Tokyo on the 7th is 18:00 on the 6th in Los Angeles, and 20:00 on the 8th in Los
        // Angeles is 12:00 on the 9th in Tokyo: both zones see a 2-day gap, yet the user wrote on the
        // 7th and the 8th as they lived them. The stored days win.
        var state = Streak(At("2026-04-07T10:00+09:00", Tokyo), At("2026-04-08T20:00-07:00", LosAngeles));

        Assert.Equal(2, state.Current);
        Assert.Equal(0, state.FreezesAvailable);
    }

    [Fact]
    public void A_replayed_day_moves_the_gap_to_its_later_instant()
    {
        // Seven mornings in Tokyo earn a freeze; the 7th is replayed in Los Angeles that evening
        // (03:00 UTC on the 8th). Back in Tokyo on the 10th, measured from the Los Angeles entry only
        // one day was missed anywhere (the 8th there, the 9th in Tokyo); from the Tokyo morning of
        // the 7th it would be two, and the streak would reset.
        var state = Streak([
            .. Enumerable.Range(1, 7).Select(day => At($"2026-04-0{day}T10:00+09:00", Tokyo)),
            At("2026-04-07T20:00-07:00", LosAngeles),
            At("2026-04-10T08:00+09:00", Tokyo),
        ]);

        Assert.Equal((8, 0), (state.Current, state.FreezesAvailable));
        Assert.Equal(new StreakHistoryItem(Day("2026-04-08"), 0, "Freeze used for 2026-04-08"), state.History[^2]);
    }

    [Theory]
    // 01:30 with a day start of 4 still belongs to the 14th, so the 13th-14th run continues.
    [InlineData(4, 2, "2026-03-14")]
    [InlineData(0, 1, "2026-03-15")]
    public void An_entry_after_midnight_before_the_day_start_counts_for_the_previous_day(int dayStartHour, int current, string lastActive)
    {
        var state = Streak(At("2026-03-13T21:00-04:00", NewYork, dayStartHour), At("2026-03-15T01:30-04:00", NewYork, dayStartHour));

        Assert.Equal(current, state.Current);
        Assert.Equal(Day(lastActive), state.LastActiveDate);
    }

    [Fact]
    public void The_day_start_moves_the_boundary_of_a_day()
    {
        var state = new StreakState();
        var changed = new[] { "2026-03-14T22:00-04:00", "2026-03-15T01:30-04:00", "2026-03-15T03:59-04:00", "2026-03-15T04:00-04:00" }
            .Select(time => StreakRules.Apply(state, At(time, NewYork, 4))).ToArray();

        Assert.Equal([true, false, false, true], changed);
        Assert.Equal((2, Day("2026-03-15")), (state.Current, state.LastActiveDate));
    }

    [Fact]
    public void A_freeze_is_earned_after_seven_consecutive_days()
    {
        var state = Streak(Daily("2026-03-01", 6));
        Assert.Equal(0, state.FreezesAvailable);

        Assert.True(StreakRules.Apply(state, Entry(Day("2026-03-07"))));

        Assert.Equal(1, state.FreezesAvailable);
        Assert.Equal(new StreakHistoryItem(Day("2026-03-07"), 0, "Earned a freeze after 7 consecutive days"), state.History[^1]);
    }

    [Theory]
    [InlineData(13, 1, 1)]
    [InlineData(14, 2, 2)]
    [InlineData(21, 2, 2)]
    [InlineData(28, 2, 2)]
    public void At_most_two_freezes_are_held(int days, int freezes, int earnedItems)
    {
        var state = Streak(Daily("2026-03-01", days));

        Assert.Equal(freezes, state.FreezesAvailable);
        Assert.Equal(earnedItems, state.History.Count(item => item.Reason.StartsWith("Earned a freeze", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_missed_day_uses_a_freeze_and_keeps_the_streak_without_adding_to_it()
    {
        var state = Streak(Daily("2026-03-01", 7));

        Assert.True(StreakRules.Apply(state, Entry(Day("2026-03-09"))));

        Assert.Equal((8, 8, 0, Day("2026-03-01")), (state.Current, state.Longest, state.FreezesAvailable, state.StartedOn));
        Assert.Equal(
            [
                new StreakHistoryItem(Day("2026-03-08"), 0, "Freeze used for 2026-03-08"),
                new StreakHistoryItem(Day("2026-03-09"), 1, "Entry on 2026-03-09 extended the streak to 8 days"),
            ],
            state.History[^2..]);
    }

    [Fact]
    public void Two_missed_days_use_two_freezes()
    {
        var state = Streak([.. Daily("2026-03-01", 14), Entry(Day("2026-03-17"))]);

        Assert.Equal((15, 0), (state.Current, state.FreezesAvailable));
        Assert.Equal(["Freeze used for 2026-03-15", "Freeze used for 2026-03-16"], state.History[^3..^1].Select(item => item.Reason));
    }

    [Fact]
    public void Too_few_freezes_reset_the_streak_and_the_unused_freeze_is_kept()
    {
        var state = Streak([.. Daily("2026-03-01", 7), Entry(Day("2026-03-10"))]);

        Assert.Equal((1, 7, 1, Day("2026-03-10")), (state.Current, state.Longest, state.FreezesAvailable, state.StartedOn));
        Assert.Equal(
            [
                new StreakHistoryItem(Day("2026-03-08"), -7, "Missed 2026-03-08..2026-03-09 with only 1 freeze: streak reset"),
                new StreakHistoryItem(Day("2026-03-10"), 1, "Entry on 2026-03-10 started a streak of 1 day"),
            ],
            state.History[^2..]);
    }

    [Fact]
    public void A_missed_day_without_a_freeze_resets_the_streak()
    {
        var state = Streak([.. Daily("2026-03-01", 3), CheckIn(Day("2026-03-05"))]);

        Assert.Equal((1, 3, 0), (state.Current, state.Longest, state.FreezesAvailable));
        Assert.Equal(
            [
                new StreakHistoryItem(Day("2026-03-04"), -3, "Missed 2026-03-04 with no freeze: streak reset"),
                new StreakHistoryItem(Day("2026-03-05"), 1, "Check-in on 2026-03-05 started a streak of 1 day"),
            ],
            state.History[^2..]);
    }

    [Fact]
    public void An_activity_on_an_earlier_day_changes_nothing()
    {
        var state = Streak(Daily("2026-03-01", 3));

        Assert.False(StreakRules.Apply(state, Entry(Day("2026-02-27"))));
        Assert.False(StreakRules.Apply(state, CheckIn(Day("2026-03-02"))));

        Assert.Equal((3, Day("2026-03-03"), 3), (state.Current, state.LastActiveDate, state.History.Count));
    }

    [Theory]
    [InlineData("2026-03-09", 3, 3)] // before the last active day (flew west): still shown
    [InlineData("2026-03-10", 3, 3)]
    [InlineData("2026-03-11", 3, 3)] // the 11th is not over yet
    [InlineData("2026-03-12", 0, 3)] // the 11th was missed with no freeze
    [InlineData("2026-04-30", 0, 3)]
    public void View_shows_zero_once_the_streak_has_lapsed(string today, int current, int longest)
    {
        var state = Streak(Daily("2026-03-08", 3));

        var view = StreakRules.View(state, Day(today));

        Assert.Equal((current, longest, Day("2026-03-10")), (view.Current, view.Longest, view.LastActiveDate));
        Assert.Equal(current == 0 ? null : Day("2026-03-08"), view.StartedOn);
        Assert.Equal(3, state.Current);
    }

    [Theory]
    [InlineData("2026-03-08", 7, 1)]
    [InlineData("2026-03-09", 7, 0)] // the 8th is covered by the freeze the next activity will spend
    [InlineData("2026-03-10", 0, 1)] // two missed days, one freeze: lapsed, and the freeze is kept
    public void View_counts_the_freezes_held_against_the_days_missed_so_far(string today, int current, int freezes)
    {
        var state = Streak(Daily("2026-03-01", 7));

        var view = StreakRules.View(state, Day(today));

        Assert.Equal((current, freezes), (view.Current, view.FreezesAvailable));
        Assert.Equal(1, state.FreezesAvailable);
    }

    [Fact]
    public void View_of_a_new_user_is_empty()
    {
        var view = StreakRules.View(new StreakState(), Day("2026-03-14"));

        Assert.Equal((0, 0, null, null, 0, 0), (view.Current, view.Longest, view.StartedOn, view.LastActiveDate, view.FreezesAvailable, view.History.Count));
    }

    [Fact]
    public void History_keeps_the_latest_sixty_items_newest_last()
    {
        // 70 extensions and 2 freezes earned (days 7 and 14) make 72 items; the first 12 (days 1-11 and a freeze) go.
        var state = Streak(Daily("2026-01-01", 70));

        Assert.Equal(StreakRules.MaxHistory, state.History.Count);
        Assert.Equal(new StreakHistoryItem(Day("2026-03-11"), 1, "Entry on 2026-03-11 extended the streak to 70 days"), state.History[^1]);
        Assert.Equal(new StreakHistoryItem(Day("2026-01-12"), 1, "Entry on 2026-01-12 extended the streak to 12 days"), state.History[0]);
    }

    [Fact]
    public void The_state_survives_a_JSON_round_trip()
    {
        var state = Streak([.. Daily("2026-03-01", 7), At("2026-03-09T21:00+09:00", Tokyo, 2)]);

        var copy = JsonSerializer.Deserialize<StreakState>(JsonSerializer.Serialize(state))!;

        Assert.Equal((state.Current, state.Longest, state.StartedOn, state.LastActiveDate, state.FreezesAvailable),
            (copy.Current, copy.Longest, copy.StartedOn, copy.LastActiveDate, copy.FreezesAvailable));
        Assert.Equal(state.LastActivity, copy.LastActivity);
        Assert.Equal(state.History, copy.History);
    }
}
