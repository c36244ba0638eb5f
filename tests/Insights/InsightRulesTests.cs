using System.Collections.Immutable;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Insights;
using Journal.GrainInterfaces.Journal;
using Journal.GrainInterfaces.Progress;
using Journal.Grains.Insights;

namespace Journal.Tests.Insights;

/// <summary>Insight documents and mood trends against figures computed by hand.</summary>
public sealed class InsightRulesTests
{
    private static readonly InsightPeriod Week47 = InsightPeriod.ParseWeek("2026-W47")!; // Monday 16 to Sunday 22 November 2026

    [Fact]
    public void A_week_document_matches_the_hand_computed_figures()
    {
        var days = new Days()
            .Entry("2026-11-10", 9_600, MoodLabel.Neutral) // history: 9,600 words before the week
            .CheckIn("2026-11-11", 3).CheckIn("2026-11-12", 3).CheckIn("2026-11-13", 3).CheckIn("2026-11-14", 3).CheckIn("2026-11-15", 3)
            .Entry("2026-11-16", 100, MoodLabel.Happy, "work", "sleep").Entry("2026-11-16", 50, MoodLabel.Sad, "sleep") // Monday
            .Entry("2026-11-18", 300, MoodLabel.Happy, "work").CheckIn("2026-11-18", 4, MoodLabel.Anxious).CheckIn("2026-11-18", 8, MoodLabel.Neutral)
            .CheckIn("2026-11-19", 6, MoodLabel.Happy)
            .Entry("2026-11-21", 30, MoodLabel.Neutral)
            .CheckIn("2026-11-23", 9, MoodLabel.Angry); // the next week: not counted
        ImmutableList<KeywordCount> keywords = [new("river", 3), new("work", 2), new("calm", 1)];

        var document = InsightRules.Document(Week47, days.ByDate, keywords);

        Assert.Equal(("weekly", "2026-W47", new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 22)), (document.Kind, document.Period, document.From, document.To));
        Assert.Equal(4, document.Entries);
        Assert.Equal(480, document.TotalWords);
        Assert.Equal(120, document.AverageWords);
        Assert.Equal(DayOfWeek.Monday, document.MostProductiveWeekday);
        Assert.Equal(2, document.LongestStreak); // 16, 18–19, 21
        // Moods of entries and check-ins: happy 3, neutral 2, sad 1, anxious 1 (of 7).
        Assert.Equal((42.9, 28.6, 28.6), (document.MoodPositivePct, document.MoodNeutralPct, document.MoodNegativePct));
        Assert.Equal(MoodLabel.Happy, document.DominantMood);
        Assert.Equal([new Theme("sleep", "tag", 2), new Theme("work", "tag", 2), new Theme("river", "keyword", 3), new Theme("calm", "keyword", 1)], document.Themes);
        // 9,600 + 480 words crosses 10,000; 10–16 November is the first run of 7 active days.
        Assert.Equal(["10,000 words", "First 7-day streak"], document.Milestones);
        Assert.Equal(["You write most on Mondays: that seems a good moment for you."], document.Suggestions);
    }

    [Fact]
    public void The_most_productive_weekday_is_the_one_with_most_entries_then_words_then_the_earlier_weekday()
    {
        Assert.Equal(DayOfWeek.Tuesday, InsightRules.MostProductiveWeekday(new Days().Entry("2026-11-22", 10).Entry("2026-11-17", 10).ByDate)); // Sunday vs Tuesday, equal
        Assert.Equal(DayOfWeek.Sunday, InsightRules.MostProductiveWeekday(new Days().Entry("2026-11-22", 11).Entry("2026-11-17", 10).ByDate));
        Assert.Equal(DayOfWeek.Sunday, InsightRules.MostProductiveWeekday(new Days().Entry("2026-11-22", 1).Entry("2026-11-22", 1).Entry("2026-11-17", 500).ByDate));
        Assert.Null(InsightRules.MostProductiveWeekday(new Days().CheckIn("2026-11-17", 5).ByDate));
    }

    [Fact]
    public void A_tie_between_moods_goes_to_the_first_mood_and_no_mood_gives_no_dominant_mood()
    {
        Assert.Equal(MoodLabel.Happy, InsightRules.DominantMood(new Dictionary<MoodLabel, int> { [MoodLabel.Sad] = 2, [MoodLabel.Happy] = 2 }));
        Assert.Null(InsightRules.DominantMood(new Dictionary<MoodLabel, int>()));
    }

    [Fact]
    public void An_empty_heavy_or_anxious_period_gets_gentle_suggestions()
    {
        var empty = InsightRules.Document(Week47, new Days().ByDate, []);
        Assert.Equal((0, 0, 0, (DayOfWeek?)null, (MoodLabel?)null), (empty.Entries, empty.TotalWords, empty.AverageWords, empty.MostProductiveWeekday, empty.DominantMood));
        Assert.Equal((0.0, 0.0, 0.0), (empty.MoodPositivePct, empty.MoodNeutralPct, empty.MoodNegativePct));
        Assert.StartsWith("Nothing was written this week.", Assert.Single(empty.Suggestions));

        var heavy = InsightRules.Document(Week47, new Days().CheckIn("2026-11-17", 8, MoodLabel.Sad).CheckIn("2026-11-18", 9, MoodLabel.Anxious).ByDate, []);
        Assert.Equal(2, heavy.Suggestions.Count);
        Assert.StartsWith("This week felt heavy.", heavy.Suggestions[0]);
        Assert.StartsWith("Your anxiety ran high.", heavy.Suggestions[1]);
    }

    [Fact]
    public void Milestones_of_entries_and_streaks_are_named_once_in_the_period_they_are_reached()
    {
        var days = new Days();
        for (var d = new DateOnly(2026, 10, 20); d <= new DateOnly(2026, 11, 18); d = d.AddDays(1)) days.Entry(d.ToString("yyyy-MM-dd"), 50); // 30 days in a row
        var november = InsightRules.Document(InsightPeriod.ParseMonth("2026-11")!, days.ByDate, []);
        var october = InsightRules.Document(InsightPeriod.ParseMonth("2026-10")!, days.ByDate, []);

        Assert.Equal(["First entry", "10 entries", "First 7-day streak"], october.Milestones); // 20 Oct first, 29 Oct the 10th, 26 Oct the 7th day
        Assert.Equal(["1,000 words", "First 30-day streak"], november.Milestones); // 600 words in October, 1,500 by 18 Nov; the 30th day on 18 Nov
        Assert.Equal(18, november.LongestStreak);
    }

    [Fact]
    public void Mood_trends_have_daily_or_weekly_buckets_with_mean_and_standard_deviation()
    {
        var today = new DateOnly(2026, 11, 25); // Wednesday
        var days = new Days().CheckIn("2026-11-25", 2, MoodLabel.Happy).CheckIn("2026-11-25", 6, MoodLabel.Sad).CheckIn("2026-11-19", 5)
            .Scored("2026-11-24", 10, 0.5, MoodLabel.Happy).Scored("2026-11-24", 10, -0.2).CheckIn("2026-06-01", 9);

        var week = MoodTrendRules.Trends(MoodPeriod.Week, today, days.ByDate);
        Assert.Equal((new DateOnly(2026, 11, 19), today, 7), (week.From, week.To, week.Buckets.Count));
        var last = week.Buckets[^1];
        Assert.Equal((2, 4.0, 2.0), (last.CheckIns, last.AverageAnxiety, last.AnxietyStdDev)); // 2 and 6: mean 4, population deviation 2
        Assert.Equal((1, 1, 0), (last.MoodDistribution[MoodLabel.Happy], last.MoodDistribution[MoodLabel.Sad], last.MoodDistribution[MoodLabel.Angry]));
        Assert.Equal((2, 0.15), (week.Buckets[^2].Entries, week.Buckets[^2].AverageSentiment));
        Assert.Equal((0, (double?)null, (double?)null), (week.Buckets[1].CheckIns, week.Buckets[1].AverageAnxiety, week.Buckets[1].AnxietyStdDev));

        var halfYear = MoodTrendRules.Trends(MoodPeriod.SixMonths, today, days.ByDate);
        Assert.Equal(26, halfYear.Buckets.Count);
        Assert.Equal((new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 29)), (halfYear.Buckets[^1].From, halfYear.Buckets[^1].To));
        Assert.Equal(new DateOnly(2026, 6, 1), halfYear.From); // 25 weeks before the current Monday
        Assert.Equal(9.0, halfYear.Buckets[0].AverageAnxiety);
        Assert.Equal(30, MoodTrendRules.Trends(MoodPeriod.Month, today, days.ByDate).Buckets.Count);
    }

    /// <summary>Daily figures built the way the insights grain builds them.</summary>
    private sealed class Days
    {
        private readonly InsightsState _state = new();

        public IReadOnlyDictionary<DateOnly, DayFigures> ByDate => _state.DaysByDate();

        public Days Entry(string day, int words, MoodLabel? mood = null, params string[] tags) => Add(day, words, mood, null, tags);

        public Days Scored(string day, int words, double sentiment, MoodLabel? mood = null) => Add(day, words, mood, sentiment, []);

        public Days CheckIn(string day, int anxiety, MoodLabel? mood = null)
        {
            _state.AddCheckIn(DateOnly.Parse(day), new CheckInFacts(anxiety, mood));
            return this;
        }

        private Days Add(string day, int words, MoodLabel? mood, double? sentiment, string[] tags)
        {
            _state.AddEntry(new EntryFigures(DateOnly.Parse(day), words, mood, [.. tags], sentiment), 1);
            return this;
        }
    }
}
