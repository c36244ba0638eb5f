using System.Collections.Immutable;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Progress;

namespace Journal.Grains.Insights;

/// <summary>
/// One local day of a user's figures (grain-state JSON): entries and their words, tags and sentiment,
/// check-ins and their anxiety, and the moods of both. Sums only, so adding and removing an entry are
/// exact: sentiment is summed in thousandths, anxiety with its squares (for the standard deviation).
/// </summary>
public sealed class DayFigures
{
    public int Entries { get; set; }
    public long Words { get; set; }
    public int CheckIns { get; set; }
    public long AnxietySum { get; set; }
    public long AnxietySquares { get; set; }

    /// <summary>Sum of the entries' sentiment scores in thousandths, and how many entries had one.</summary>
    public long SentimentSum { get; set; }
    public int SentimentCount { get; set; }

    public Dictionary<MoodLabel, int> Moods { get; set; } = [];
    public Dictionary<string, int> Tags { get; set; } = new(StringComparer.Ordinal);

    public bool IsEmpty => Entries == 0 && CheckIns == 0;

    public bool IsActive => !IsEmpty;

    /// <summary>Adds (<paramref name="sign"/> 1) or removes (-1) an entry's contribution.</summary>
    public void Add(EntryFigures entry, int sign)
    {
        Entries += sign;
        Words += sign * entry.Words;
        if (entry.Sentiment is { } score)
        {
            SentimentSum += sign * Thousandths(score);
            SentimentCount += sign;
        }
        if (entry.Mood is { } mood) Count(Moods, mood, sign);
        foreach (var tag in entry.Tags) Count(Tags, tag, sign);
    }

    public void Add(CheckInFacts checkIn)
    {
        CheckIns++;
        AnxietySum += checkIn.AnxietyLevel;
        AnxietySquares += checkIn.AnxietyLevel * checkIn.AnxietyLevel;
        if (checkIn.Mood is { } mood) Count(Moods, mood, 1);
    }

    /// <summary>Adds another day's figures (buckets and periods sum days).</summary>
    public void Add(DayFigures day)
    {
        Entries += day.Entries;
        Words += day.Words;
        CheckIns += day.CheckIns;
        AnxietySum += day.AnxietySum;
        AnxietySquares += day.AnxietySquares;
        SentimentSum += day.SentimentSum;
        SentimentCount += day.SentimentCount;
        foreach (var (mood, n) in day.Moods) Count(Moods, mood, n);
        foreach (var (tag, n) in day.Tags) Count(Tags, tag, n);
    }

    public static DayFigures Sum(IEnumerable<DayFigures> days)
    {
        var sum = new DayFigures();
        foreach (var day in days) sum.Add(day);
        return sum;
    }

    public double? AverageAnxiety => CheckIns == 0 ? null : Math.Round((double)AnxietySum / CheckIns, 2);

    /// <summary>Population standard deviation of the check-ins' anxiety.</summary>
    public double? AnxietyStdDev
    {
        get
        {
            if (CheckIns == 0) return null;
            var mean = (double)AnxietySum / CheckIns;
            return Math.Round(Math.Sqrt(Math.Max(0, (double)AnxietySquares / CheckIns - mean * mean)), 2);
        }
    }

    public double? AverageSentiment => SentimentCount == 0 ? null : Math.Round(SentimentSum / 1000.0 / SentimentCount, 3);

    /// <summary>Every mood with its count, zeros included, so clients see a stable shape.</summary>
    public ImmutableDictionary<MoodLabel, int> MoodDistribution() =>
        Enum.GetValues<MoodLabel>().ToImmutableDictionary(mood => mood, mood => Moods.GetValueOrDefault(mood));

    public static long Thousandths(double score) => (long)Math.Round(score * 1000, MidpointRounding.AwayFromZero);

    private static void Count<TKey>(Dictionary<TKey, int> counts, TKey key, int change) where TKey : notnull
    {
        var n = counts.GetValueOrDefault(key) + change;
        if (n == 0) counts.Remove(key);
        else counts[key] = n;
    }
}

/// <summary>What one live, non-private entry adds to its day (and what its edit or deletion takes back).</summary>
public sealed record EntryFigures(DateOnly Day, int Words, MoodLabel? Mood, ImmutableList<string> Tags, double? Sentiment);
