using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Journal.GrainInterfaces.Insights;

/// <summary>
/// A user's analytics (key = user id): daily figures (entries, words, moods, anxiety, sentiment)
/// kept as grain state, fed by the user's activity stream; mood trends and weekly and monthly insight
/// documents computed from them. Nothing is computed without the user's dataProcessing consent or
/// while privateMode is on; private entries are never counted. A durable reminder generates last
/// week's document at the user's local Monday 06:00.
/// </summary>
[Alias("journal.IInsightsGrain")]
public interface IInsightsGrain : IGrainWithGuidKey, IRemindable
{
    [ReadOnly]
    [Alias("GetMoodTrendsAsync")]
    Task<InsightAnswer<MoodTrends>> GetMoodTrendsAsync(MoodPeriod period);

    /// <summary>The document of one week or month, computed now from the daily figures (not stored).</summary>
    [ReadOnly]
    [Alias("GetInsightAsync")]
    Task<InsightAnswer<InsightDocument>> GetInsightAsync(InsightPeriod period);

    /// <summary>Forgets the daily figures and computes them again from the journal and check-in rows (admin command).</summary>
    [Alias("RebuildAsync")]
    Task<InsightAnswer<InsightFigures>> RebuildAsync();

    /// <summary>What the figures hold now (admin, tests: rebuild and live processing must agree).</summary>
    [ReadOnly]
    [Alias("GetFiguresAsync")]
    Task<InsightFigures> GetFiguresAsync();

    /// <summary>The daily figures and the generated documents, for the user's export.</summary>
    [ReadOnly]
    [Alias("ExportAsync")]
    Task<InsightsExport> ExportAsync();

    /// <summary>Deletes the generated documents and the state, stops the reminder (account deletion).</summary>
    [Alias("EraseAsync")]
    Task EraseAsync();
}

/// <summary>Why an insight was not computed.</summary>
[GenerateSerializer, Alias("journal.InsightStatus")]
public enum InsightStatus { Ready, ConsentRequired, PrivateMode, AccountNotFound }

/// <summary>An insight, or why there is none (<paramref name="Value"/> is null unless <see cref="InsightStatus.Ready"/>).</summary>
[GenerateSerializer, Immutable, Alias("journal.InsightAnswer`1")]
public sealed record InsightAnswer<T>(InsightStatus Status, T? Value) where T : class;

[GenerateSerializer, Alias("journal.MoodPeriod")]
public enum MoodPeriod { Week, Month, SixMonths }

/// <summary>Mood trends: one bucket per day (week, month) or per ISO week (six months), oldest first.</summary>
[GenerateSerializer, Immutable, Alias("journal.MoodTrends")]
public sealed record MoodTrends(MoodPeriod Period, DateOnly From, DateOnly To, ImmutableList<MoodBucket> Buckets);

/// <summary>
/// One bucket: check-ins and their anxiety (mean and population standard deviation, null without
/// check-ins), entries, the moods of entries and check-ins, and the entries' mean sentiment.
/// </summary>
[GenerateSerializer, Immutable, Alias("journal.MoodBucket")]
public sealed record MoodBucket(
    DateOnly From,
    DateOnly To,
    int CheckIns,
    double? AverageAnxiety,
    double? AnxietyStdDev,
    int Entries,
    double? AverageSentiment,
    ImmutableDictionary<MoodLabel, int> MoodDistribution);

/// <summary>
/// A weekly or monthly insight (PRODUCT.md §3). Percentages are of the moods recorded in the period
/// (entries and check-ins), one decimal; <paramref name="AverageWords"/> is rounded.
/// </summary>
[GenerateSerializer, Immutable, Alias("journal.InsightDocument")]
public sealed record InsightDocument(
    string Kind,
    string Period,
    DateOnly From,
    DateOnly To,
    int Entries,
    int TotalWords,
    int AverageWords,
    DayOfWeek? MostProductiveWeekday,
    int LongestStreak,
    double MoodPositivePct,
    double MoodNeutralPct,
    double MoodNegativePct,
    MoodLabel? DominantMood,
    ImmutableList<Theme> Themes,
    ImmutableList<string> Milestones,
    ImmutableList<string> Suggestions);

/// <summary>A theme of the period: a tag (entries carrying it) or a keyword of the text (entries using it).</summary>
[GenerateSerializer, Immutable, Alias("journal.Theme")]
public sealed record Theme(string Name, string Source, int Entries);

/// <summary>
/// The totals the daily figures hold: equal after a rebuild and after live processing of the same
/// writes. <paramref name="SentimentSum"/> is in thousandths (scores have three decimals).
/// </summary>
[GenerateSerializer, Immutable, Alias("journal.InsightFigures")]
public sealed record InsightFigures(
    bool Collecting,
    int Days,
    int Entries,
    long Words,
    int CheckIns,
    long AnxietySum,
    long AnxietySquares,
    long SentimentSum,
    ImmutableDictionary<MoodLabel, int> Moods,
    ImmutableDictionary<string, int> Tags);

/// <summary>One day of figures, as exported.</summary>
[GenerateSerializer, Immutable, Alias("journal.InsightDay")]
public sealed record InsightDay(DateOnly Date, int Entries, int Words, int CheckIns, double? AverageAnxiety, double? AverageSentiment, ImmutableDictionary<MoodLabel, int> Moods);

[GenerateSerializer, Immutable, Alias("journal.InsightsExport")]
public sealed record InsightsExport(ImmutableList<InsightDay> Days, ImmutableList<InsightDocument> Documents);
