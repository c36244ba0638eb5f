using System.Collections.Immutable;
using Journal.Grains.Peers;

namespace Journal.Tests.Peers;

public sealed class PeerSimilarityTests
{
    private static PeerInterests Interests(string tags = "", string habits = "") => new(
        tags.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => t.Split(':')).ToImmutableDictionary(t => t[0], t => t.Length > 1 ? int.Parse(t[1]) : 1),
        habits.Split(',', StringSplitOptions.RemoveEmptyEntries).ToImmutableHashSet());

    [Fact]
    public void Identical_interests_score_one_and_nothing_shared_scores_zero()
    {
        Assert.Equal(1.0, PeerSimilarity.Score(Interests("walk:3,sleep", "yoga"), Interests("walk:3,sleep", "yoga")), 9);
        Assert.Equal(0.0, PeerSimilarity.Score(Interests("walk"), Interests("work", "run")));
        Assert.Equal(0.0, PeerSimilarity.Score(Interests(), Interests()));
    }

    [Fact]
    public void It_is_the_weighted_Jaccard_of_tags_and_habits()
    {
        // Tags: walk 1+ln 3 vs 1 → min 1, max 2.0986; sleep only in a: 0 vs 1. Habit yoga shared: 2 vs 2; run only in b: 0 vs 2.
        var expected = (1 + 2.0) / (1 + Math.Log(3) + 1 + 2 + 2);

        Assert.Equal(expected, PeerSimilarity.Score(Interests("walk:3,sleep", "yoga"), Interests("walk", "yoga,run")), 9);
        Assert.Equal(PeerSimilarity.Score(Interests("walk:3,sleep", "yoga"), Interests("walk", "yoga,run")),
            PeerSimilarity.Score(Interests("walk", "yoga,run"), Interests("walk:3,sleep", "yoga")), 12);
    }

    [Fact]
    public void A_shared_habit_counts_more_than_a_shared_tag()
    {
        var me = Interests("walk,sleep", "yoga,journal");

        Assert.True(PeerSimilarity.Score(me, Interests("", "yoga")) > PeerSimilarity.Score(me, Interests("walk")));
    }

    [Fact]
    public void Ranking_is_by_similarity_then_shared_interests_then_the_tie_break_and_leaves_out_strangers()
    {
        var me = Interests("walk,sleep,work", "yoga");
        var candidates = new[]
        {
            ("stranger", Interests("cooking", "chess")),
            ("half", Interests("walk,sleep")),
            ("close", Interests("walk,sleep,work", "yoga,run")),
            ("twin", Interests("walk,sleep,work", "yoga")),
            ("also-half", Interests("sleep,walk")),
        };

        var ranked = PeerSimilarity.Rank(me, candidates, 10, name => name);

        Assert.Equal(["twin", "close", "also-half", "half"], ranked.Select(m => m.Peer));
        Assert.Equal(["sleep", "walk", "work"], ranked[1].SharedTags);
        Assert.Equal(["yoga"], ranked[1].SharedHabits);
        Assert.Equal(["twin", "close"], PeerSimilarity.Rank(me, candidates, 2, name => name).Select(m => m.Peer));
    }

    [Fact]
    public void Shared_interests_never_include_the_peers_other_interests()
    {
        var match = PeerSimilarity.Rank(Interests("walk"), [("peer", Interests("walk,divorce", "quit drinking"))], 1, p => p).Single();

        Assert.Equal(["walk"], match.SharedTags);
        Assert.Empty(match.SharedHabits);
    }

    [Fact]
    public void Habit_names_compare_ignoring_case_and_spacing() =>
        Assert.Equal("morning walk", PeerSimilarity.NormalizeHabit("  Morning   Walk "));
}
