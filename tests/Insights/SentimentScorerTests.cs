using Journal.Grains.Insights;
using Xunit.Abstractions;

namespace Journal.Tests.Insights;

/// <summary>The lexicon sentiment scorer: its rules, and its accuracy on the project's labelled set.</summary>
public sealed class SentimentScorerTests(ITestOutputHelper output)
{
    [Fact]
    public void Scores_are_within_minus_one_and_one_and_have_three_decimals()
    {
        var texts = new[] { "", "The bus.", string.Join(' ', Enumerable.Repeat("wonderful amazing great", 200)), string.Join(' ', Enumerable.Repeat("awful hopeless", 300)) };
        foreach (var score in texts.Select(SentimentScorer.Score))
        {
            Assert.InRange(score, -1, 1);
            Assert.Equal(score, Math.Round(score, 3));
        }
        Assert.Equal(0, SentimentScorer.Score("I took the bus to work."));
        Assert.True(SentimentScorer.Score(string.Join(' ', Enumerable.Repeat("wonderful", 50))) > 0.99);
    }

    [Fact]
    public void A_negator_turns_a_word_around_within_three_words_of_the_same_clause()
    {
        Assert.True(SentimentScorer.Score("I am happy") > 0);
        Assert.True(SentimentScorer.Score("I am not happy") < 0);
        Assert.True(SentimentScorer.Score("I didn't feel anxious") > 0);
        Assert.True(SentimentScorer.Score("never really calm") < 0);
        // Out of reach (four words back) or behind a comma: no effect.
        Assert.True(SentimentScorer.Score("not one two three happy") > 0);
        Assert.True(SentimentScorer.Score("No, happy") > 0);
        // A negated word is weaker than its opposite.
        Assert.True(Math.Abs(SentimentScorer.Score("not happy")) < Math.Abs(SentimentScorer.Score("happy")));
    }

    [Fact]
    public void Intensifiers_strengthen_or_soften_the_next_word_and_but_shifts_the_weight()
    {
        Assert.True(SentimentScorer.Score("very sad") < SentimentScorer.Score("sad"));
        Assert.True(SentimentScorer.Score("slightly sad") > SentimentScorer.Score("sad"));
        Assert.True(SentimentScorer.Score("tired but happy") > 0);
        Assert.True(SentimentScorer.Score("happy but tired") < SentimentScorer.Score("happy"));
    }

    /// <summary>
    /// The accuracies docs/INSIGHTS.md reports are measured here; the test fails if the scorer gets worse.
    /// The first set shaped the lexicon's first round, the hold-out set its second (both figures are
    /// in-sample now); the fresh set never shaped it.
    /// </summary>
    [Theory]
    [InlineData("sentiment-eval.tsv", 100, 0.80)]
    [InlineData("sentiment-holdout.tsv", 30, 0.55)]
    [InlineData("sentiment-fresh.tsv", 45, 0.70)]
    public void The_labelled_sets_are_scored_with_the_required_accuracy(string file, int minimumSize, double requiredAccuracy)
    {
        var samples = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Insights", file))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(parts => (Label: parts[0], Text: parts[1]))
            .ToList();
        Assert.True(samples.Count >= minimumSize, $"the set has at least {minimumSize} sentences");

        var wrong = samples.Where(s => SentimentScorer.Label(SentimentScorer.Score(s.Text)) != s.Label).ToList();
        var accuracy = 1.0 - (double)wrong.Count / samples.Count;
        foreach (var label in new[] { "positive", "negative", "neutral" })
        {
            var ofLabel = samples.Where(s => s.Label == label).ToList();
            output.WriteLine($"{label}: {ofLabel.Count(s => SentimentScorer.Label(SentimentScorer.Score(s.Text)) == label)}/{ofLabel.Count}");
        }
        output.WriteLine($"accuracy {accuracy:P1} ({samples.Count - wrong.Count}/{samples.Count})");
        foreach (var (label, text) in wrong) output.WriteLine($"  wrong: {label} scored {SentimentScorer.Score(text)}: {text}");
        Assert.True(accuracy >= requiredAccuracy, $"accuracy {accuracy:P1} is below {requiredAccuracy:P0}");
    }
}
