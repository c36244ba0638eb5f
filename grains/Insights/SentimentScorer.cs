namespace Journal.Grains.Insights;

/// <summary>
/// A lexicon-based sentiment score for a text, in [-1, 1] (negative to positive), computed without
/// any downloaded model. Each word of <see cref="SentimentLexicon.Valence"/> adds its valence;
/// an intensifier just before it scales it ("very sad", "a bit tired"); a negator up to three words
/// before it in the same clause turns it around and weakens it ("not happy" is mildly negative, not
/// the opposite of happy); after a "but", the clause that follows weighs more than the one before
/// ("tired but happy"). The sum is squashed into [-1, 1] as VADER does (x / √(x² + 15)).
/// Scores are rounded to three decimals: the row stores them, and sums of them must be exact.
/// </summary>
public static class SentimentScorer
{
    /// <summary>A negated word keeps this share of its valence, turned around (VADER's constant).</summary>
    private const double NegationFactor = -0.74;

    /// <summary>How far back a negator reaches.</summary>
    private const int NegationScope = 3;

    /// <summary>Normalisation constant: a sum of 15 maps to about 0.97.</summary>
    private const double Alpha = 15;

    /// <summary>A score whose magnitude stays below this is neutral (the evaluation's threshold too).</summary>
    public const double NeutralBand = 0.05;

    public static double Score(string text)
    {
        var clauses = Tokenize(text);
        var butAt = clauses.FindLastIndex(token => token == "but");
        var sum = 0.0;
        for (var i = 0; i < clauses.Count; i++)
        {
            if (clauses[i] is not { } word || !SentimentLexicon.Valence.TryGetValue(word, out var valence)) continue;
            var weight = valence;
            if (i > 0 && clauses[i - 1] is { } previous && SentimentLexicon.Intensifiers.TryGetValue(previous, out var factor)) weight *= factor;
            if (IsNegated(clauses, i)) weight *= NegationFactor;
            if (butAt >= 0) weight *= i < butAt ? 0.5 : 1.5;
            sum += weight;
        }
        var score = sum / Math.Sqrt(sum * sum + Alpha);
        return Math.Round(Math.Clamp(score, -1, 1), 3);
    }

    /// <summary>positive, negative or neutral, as the evaluation labels them.</summary>
    public static string Label(double score) => score >= NeutralBand ? "positive" : score <= -NeutralBand ? "negative" : "neutral";

    private static bool IsNegated(List<string?> tokens, int index)
    {
        for (var i = index - 1; i >= 0 && i >= index - NegationScope; i--)
        {
            if (tokens[i] is not { } token) return false; // a clause boundary ends the negation's reach
            if (SentimentLexicon.Negators.Contains(token)) return true;
        }
        return false;
    }

    /// <summary>Lower-case words with apostrophes dropped ("don't" → "dont"); null marks a clause boundary (, . ; : ! ?).</summary>
    private static List<string?> Tokenize(string text)
    {
        var tokens = new List<string?>();
        var word = new System.Text.StringBuilder();
        void Flush()
        {
            if (word.Length == 0) return;
            tokens.Add(word.ToString());
            word.Clear();
        }
        foreach (var c in text)
        {
            if (char.IsLetter(c)) word.Append(char.ToLowerInvariant(c));
            else if (c is '\'' or '’') continue;
            else
            {
                Flush();
                if (c is ',' or '.' or ';' or ':' or '!' or '?' or '\n') tokens.Add(null);
            }
        }
        Flush();
        return tokens;
    }
}
