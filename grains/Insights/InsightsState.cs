using System.Collections.Immutable;
using System.Globalization;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Insights;
using Journal.GrainInterfaces.Progress;
using Journal.Persistence.Streams;

namespace Journal.Grains.Insights;

/// <summary>The insights grain's stored state (grain-state JSON): no text, only figures.</summary>
public sealed class InsightsState
{
    /// <summary>
    /// The last event sequence per source ("journal", "mood", "account") whose platform effect (active
    /// day, entries and check-ins per day) was published. Moved only by the stream, never by a rebuild,
    /// so each event reaches the platform figures exactly once.
    /// </summary>
    public Dictionary<string, long> Applied { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The last event sequence per source that the daily figures reflect. A rebuild sets it to the
    /// sources' sequence in the snapshot it read, so the stream's older events are not counted twice.
    /// </summary>
    public Dictionary<string, long> Reflected { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether figures are kept (the user's dataProcessing consent as the stream told it); null until first known.</summary>
    public bool? Collecting { get; set; }

    /// <summary>Figures per local day ("yyyy-MM-dd", so the keys sort by date).</summary>
    public SortedDictionary<string, DayFigures> Days { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The user's active UTC days of the last two months, for the platform's rolling active-user windows.</summary>
    public List<DateOnly> ActiveDays { get; set; } = [];

    /// <summary>The last weekly and monthly periods the reminder generated a document for.</summary>
    public string? LastWeekly { get; set; }
    public string? LastMonthly { get; set; }

    /// <summary>Whether the weekly reminder is registered.</summary>
    public bool ReminderRegistered { get; set; }

    /// <summary>The position of the last event the activity stream delivered; an activation catches up after it.</summary>
    public StreamCheckpoints Delivered { get; set; } = new();

    /// <summary>Set when the account was deleted: nothing is applied any more.</summary>
    public bool Erased { get; set; }

    public long AppliedThrough(string source) => Applied.GetValueOrDefault(source);

    public long ReflectedThrough(string source) => Reflected.GetValueOrDefault(source);

    /// <summary>
    /// Applies an entry event to the daily figures: takes back what the entry added before it
    /// (<see cref="ActivityEvent.Before"/>) and adds what it adds now, so no entry needs to be kept here.
    /// False for an edit or a deletion stored before events carried the entry's previous figures: only
    /// the rows can tell what to take back then.
    /// </summary>
    public bool TryApplyEntry(ActivityEvent activity)
    {
        if (activity.Kind is ActivityEventKind.EntryUpdated or ActivityEventKind.EntryDeleted)
        {
            if (activity.Before is not { } before) return false;
            AddEntry(FiguresOf(before, activity.WordsBefore), -1);
        }
        if (activity.Entry is { } after) AddEntry(FiguresOf(after, activity.Words), 1);
        return true;
    }

    /// <summary>Adds (<paramref name="sign"/> 1) or takes back (-1) an entry's contribution; a day left with nothing goes.</summary>
    public void AddEntry(EntryFigures? figures, int sign)
    {
        if (figures is null) return;
        var key = DayKey(figures.Day);
        var day = Day(key);
        day.Add(figures, sign);
        if (day.IsEmpty) Days.Remove(key);
    }

    public void AddCheckIn(DateOnly day, CheckInFacts checkIn) => Day(DayKey(day)).Add(checkIn);

    /// <summary>Forgets every figure (consent withdrawn, or before a rebuild); sequences and platform days stay.</summary>
    public void ClearFigures() => Days.Clear();

    /// <summary>The days as dates, for the pure rules.</summary>
    public IReadOnlyDictionary<DateOnly, DayFigures> DaysByDate() =>
        Days.ToDictionary(d => DateOnly.ParseExact(d.Key, "yyyy-MM-dd", CultureInfo.InvariantCulture), d => d.Value);

    public InsightFigures Totals()
    {
        var sum = DayFigures.Sum(Days.Values);
        return new InsightFigures(Collecting == true, Days.Count, sum.Entries, sum.Words, sum.CheckIns, sum.AnxietySum, sum.AnxietySquares, sum.SentimentSum,
            sum.Moods.ToImmutableDictionary(), sum.Tags.ToImmutableDictionary());
    }

    public ImmutableList<InsightDay> Export() =>
        [.. DaysByDate().Select(d => new InsightDay(d.Key, d.Value.Entries, (int)d.Value.Words, d.Value.CheckIns, d.Value.AverageAnxiety, d.Value.AverageSentiment,
            d.Value.Moods.ToImmutableDictionary()))];

    /// <summary>An entry's contribution, or null when it does not count (private).</summary>
    public static EntryFigures? FiguresOf(EntryFacts entry, int words) =>
        entry.IsPrivate ? null : new EntryFigures(entry.EntryDate, words, entry.Mood, entry.Tags, entry.Sentiment);

    private DayFigures Day(string key)
    {
        if (!Days.TryGetValue(key, out var figures)) Days[key] = figures = new DayFigures();
        return figures;
    }

    private static string DayKey(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
