using System.Collections.Immutable;

namespace Journal.Grains.Peers;

/// <summary>What a user shares for matching: the tags of their shared entries with how many entries carry each, and their habit names.</summary>
public sealed record PeerInterests(ImmutableDictionary<string, int> TagCounts, ImmutableHashSet<string> Habits)
{
    public bool IsEmpty => TagCounts.IsEmpty && Habits.IsEmpty;
}

/// <summary>One ranked peer: the similarity and the interests both share (nothing of theirs the caller does not also have).</summary>
public sealed record PeerMatch<TPeer>(TPeer Peer, double Similarity, ImmutableList<string> SharedTags, ImmutableList<string> SharedHabits);

/// <summary>
/// How alike two users' interests are (docs/HABITS.md): weighted Jaccard, Σ min(wA, wB) / Σ max(wA, wB)
/// over the union of their tags and habit names. A tag weighs 1 + ln(entries carrying it), so a tag
/// used often counts more without one prolific tag drowning the rest; a habit weighs
/// <see cref="HabitWeight"/>, being a standing commitment rather than one day's topic. 0 when nothing
/// is shared, 1 for identical interests. Pure.
/// </summary>
public static class PeerSimilarity
{
    public const double HabitWeight = 2.0;

    public static double Score(PeerInterests a, PeerInterests b)
    {
        double shared = 0, union = 0;
        foreach (var tag in a.TagCounts.Keys.Union(b.TagCounts.Keys))
        {
            var (wa, wb) = (TagWeight(a.TagCounts.GetValueOrDefault(tag)), TagWeight(b.TagCounts.GetValueOrDefault(tag)));
            shared += Math.Min(wa, wb);
            union += Math.Max(wa, wb);
        }
        var habitsShared = a.Habits.Intersect(b.Habits).Count;
        shared += HabitWeight * habitsShared;
        union += HabitWeight * (a.Habits.Count + b.Habits.Count - habitsShared);
        return union == 0 ? 0 : shared / union;
    }

    /// <summary>
    /// The <paramref name="limit"/> most similar candidates with something in common, most similar
    /// first; ties go to more shared interests, then to <paramref name="tieBreak"/> (e.g. the pseudonym),
    /// so the order is stable.
    /// </summary>
    public static ImmutableList<PeerMatch<TPeer>> Rank<TPeer>(PeerInterests me, IEnumerable<(TPeer Peer, PeerInterests Interests)> candidates, int limit,
        Func<TPeer, string> tieBreak) => [.. candidates
            .Select(c => new PeerMatch<TPeer>(c.Peer, Score(me, c.Interests),
                [.. me.TagCounts.Keys.Where(c.Interests.TagCounts.ContainsKey).Order(StringComparer.Ordinal)],
                [.. me.Habits.Where(c.Interests.Habits.Contains).Order(StringComparer.Ordinal)]))
            .Where(m => m.Similarity > 0)
            .OrderByDescending(m => m.Similarity)
            .ThenByDescending(m => m.SharedTags.Count + m.SharedHabits.Count)
            .ThenBy(m => tieBreak(m.Peer), StringComparer.Ordinal)
            .Take(limit)];

    /// <summary>Habit names compare ignoring case and surrounding or repeated spaces ("Morning  walk" = "morning walk").</summary>
    public static string NormalizeHabit(string name) => string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToLowerInvariant();

    private static double TagWeight(int entries) => entries <= 0 ? 0 : 1 + Math.Log(entries);
}
