using System.Collections.Immutable;
using System.Globalization;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Insights;
using Journal.GrainInterfaces.Journal;

namespace Journal.Grains.Insights;

/// <summary>
/// A weekly or monthly insight document from a user's daily figures (docs/INSIGHTS.md explains each
/// field). Pure: the same figures and keywords always give the same document.
/// </summary>
public static class InsightRules
{
    public const int MaxThemesPerSource = 5;
    public const int MaxSuggestions = 3;

    private static readonly int[] s_wordMilestones = [1_000, 10_000, 50_000, 100_000, 250_000, 500_000, 1_000_000];
    private static readonly int[] s_entryMilestones = [1, 10, 50, 100, 250, 500, 1_000];
    private static readonly int[] s_streakMilestones = [7, 30, 100, 365];

    public static InsightDocument Document(InsightPeriod period, IReadOnlyDictionary<DateOnly, DayFigures> days, ImmutableList<KeywordCount> keywords)
    {
        var inPeriod = days.Where(d => d.Key >= period.From && d.Key <= period.To).ToDictionary(d => d.Key, d => d.Value);
        var sum = DayFigures.Sum(inPeriod.Values);
        var moods = sum.Moods.Values.Sum();
        double Pct(params MoodLabel[] labels) => moods == 0 ? 0 : Math.Round(100.0 * labels.Sum(l => sum.Moods.GetValueOrDefault(l)) / moods, 1);
        var positive = Pct(MoodLabel.Ecstatic, MoodLabel.Happy);
        var neutral = Pct(MoodLabel.Neutral);
        var negative = Pct(MoodLabel.Sad, MoodLabel.Anxious, MoodLabel.Angry);
        var averageWords = sum.Entries == 0 ? 0 : (int)Math.Round((double)sum.Words / sum.Entries, MidpointRounding.AwayFromZero);
        var weekday = MostProductiveWeekday(inPeriod);
        return new InsightDocument(
            period.Kind, period.Name, period.From, period.To, sum.Entries, (int)sum.Words, averageWords, weekday, LongestStreak(inPeriod.Keys, period),
            positive, neutral, negative, DominantMood(sum.Moods), Themes(sum.Tags, keywords), Milestones(period, days),
            Suggestions(period, sum, averageWords, weekday, positive, negative));
    }

    /// <summary>The weekday with the most entries, then the most words; a tie goes to the earlier weekday (Monday first). Null without entries.</summary>
    public static DayOfWeek? MostProductiveWeekday(IReadOnlyDictionary<DateOnly, DayFigures> days) => days
        .Where(d => d.Value.Entries > 0)
        .GroupBy(d => d.Key.DayOfWeek)
        .Select(g => (Weekday: g.Key, Entries: g.Sum(d => d.Value.Entries), Words: g.Sum(d => d.Value.Words)))
        .OrderByDescending(w => w.Entries).ThenByDescending(w => w.Words).ThenBy(w => ((int)w.Weekday + 6) % 7)
        .Select(w => (DayOfWeek?)w.Weekday)
        .FirstOrDefault();

    /// <summary>The longest run of consecutive days in the period with an entry or a check-in.</summary>
    public static int LongestStreak(IEnumerable<DateOnly> activeDays, InsightPeriod period)
    {
        var active = activeDays.Where(d => d >= period.From && d <= period.To).ToHashSet();
        int longest = 0, run = 0;
        for (var day = period.From; day <= period.To; day = day.AddDays(1))
        {
            run = active.Contains(day) ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return longest;
    }

    /// <summary>The mood recorded most often; a tie goes to the first in <see cref="MoodLabel"/> order. Null without moods.</summary>
    public static MoodLabel? DominantMood(IReadOnlyDictionary<MoodLabel, int> moods) => moods
        .Where(m => m.Value > 0)
        .OrderByDescending(m => m.Value).ThenBy(m => m.Key)
        .Select(m => (MoodLabel?)m.Key)
        .FirstOrDefault();

    /// <summary>The period's top tags, then its top keywords that are not already a tag.</summary>
    public static ImmutableList<Theme> Themes(IReadOnlyDictionary<string, int> tags, ImmutableList<KeywordCount> keywords)
    {
        var topTags = tags.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).Take(MaxThemesPerSource)
            .Select(t => new Theme(t.Key, "tag", t.Value)).ToList();
        var topWords = keywords.Where(k => !tags.ContainsKey(k.Word)).Take(MaxThemesPerSource).Select(k => new Theme(k.Word, "keyword", k.Count));
        return [.. topTags, .. topWords];
    }

    /// <summary>Milestones reached within the period: a total of words or entries crossed, or a streak length reached for the first time ever.</summary>
    public static ImmutableList<string> Milestones(InsightPeriod period, IReadOnlyDictionary<DateOnly, DayFigures> days)
    {
        var milestones = ImmutableList.CreateBuilder<string>();
        var before = DayFigures.Sum(days.Where(d => d.Key < period.From).Select(d => d.Value));
        var through = DayFigures.Sum(days.Where(d => d.Key <= period.To).Select(d => d.Value));
        foreach (var n in s_entryMilestones.Where(n => before.Entries < n && through.Entries >= n))
            milestones.Add(n == 1 ? "First entry" : $"{n.ToString("N0", CultureInfo.InvariantCulture)} entries");
        foreach (var n in s_wordMilestones.Where(n => before.Words < n && through.Words >= n))
            milestones.Add($"{n.ToString("N0", CultureInfo.InvariantCulture)} words");
        var reached = FirstStreakDays(days.Where(d => d.Value.IsActive).Select(d => d.Key));
        foreach (var n in s_streakMilestones)
            if (reached.TryGetValue(n, out var on) && on >= period.From && on <= period.To) milestones.Add($"First {n}-day streak");
        return milestones.ToImmutable();
    }

    /// <summary>Gentle suggestions from the period's figures, most important first, at most <see cref="MaxSuggestions"/>.</summary>
    public static ImmutableList<string> Suggestions(InsightPeriod period, DayFigures sum, int averageWords, DayOfWeek? weekday, double positivePct, double negativePct)
    {
        var span = period.Kind == InsightPeriod.Weekly ? "week" : "month";
        var suggestions = new List<string>();
        if (sum.IsEmpty) suggestions.Add($"Nothing was written this {span}. A few lines when you have a quiet moment are enough to start again.");
        if (negativePct >= 50) suggestions.Add($"This {span} felt heavy. Be gentle with yourself; the coping strategies in the library, or talking with someone you trust, may help.");
        if (sum.AverageAnxiety >= 7) suggestions.Add("Your anxiety ran high. A few minutes of slow breathing before bed may help you settle.");
        if (positivePct >= 60) suggestions.Add("You noticed many good moments. Writing down what went well helps you come back to them.");
        if (sum.Entries > 0 && averageWords < 50) suggestions.Add("Short entries count. When you have time, a few more lines about how you felt can show you more.");
        if (weekday is { } day) suggestions.Add($"You write most on {day}s: that seems a good moment for you.");
        if (sum.CheckIns == 0 && sum.Entries > 0) suggestions.Add("A quick check-in on busy days helps you see how your mood moves.");
        return [.. suggestions.Take(MaxSuggestions)];
    }

    /// <summary>For each streak milestone, the day a run of consecutive active days first reached it.</summary>
    private static Dictionary<int, DateOnly> FirstStreakDays(IEnumerable<DateOnly> activeDays)
    {
        var reached = new Dictionary<int, DateOnly>();
        DateOnly? previous = null;
        var run = 0;
        foreach (var day in activeDays.Order())
        {
            run = previous == day.AddDays(-1) ? run + 1 : 1;
            previous = day;
            foreach (var n in s_streakMilestones.Where(n => run == n)) reached.TryAdd(n, day);
        }
        return reached;
    }
}
