using System.Collections.Frozen;
using System.Collections.Immutable;
using Journal.GrainInterfaces.Journal;

namespace Journal.Grains.Insights;

/// <summary>
/// The words a period's entries use most, for insight themes: lower-cased words of at least
/// <see cref="MinLength"/> letters, without English stop-words and the journaling filler that says
/// nothing about a theme ("today", "feel"). Counted once per text, so one long entry repeating a word
/// does not make it a theme. Works on plaintext the journal grain decrypted for the call; nothing is kept.
/// </summary>
public static class Keywords
{
    public const int MinLength = 3;

    private static readonly FrozenSet<string> StopWords = """
        a about above after again against all also am an and any are aren't as at be because been before being below between both but by
        can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't has hasn't
        have haven't having he her here hers herself him himself his how i if in into is isn't it it's its itself just let's me more most
        much must my myself no nor not now of off on once only or other ought our ours ourselves out over own really same she should
        shouldn't so some still such than that that's the their theirs them themselves then there there's these they this those through
        to too under until up us very was wasn't we were weren't what when where which while who whom why will with won't would
        wouldn't you your yours yourself yourselves get got getting go going went gone make made day days today yesterday tomorrow
        morning evening night feel feeling felt thing things something anything nothing lot little bit back even well like one two time
        times week weeks ever never always maybe though yet since again around every way want wanted need needed know think thought
        said say says see saw come came take took
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The <paramref name="limit"/> words found in most texts; ties in alphabetical order.</summary>
    public static ImmutableList<KeywordCount> Top(IEnumerable<string> texts, int limit)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
            foreach (var word in Words(text).Distinct())
                counts[word] = counts.GetValueOrDefault(word) + 1;
        return [.. counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(limit).Select(c => new KeywordCount(c.Key, c.Value))];
    }

    /// <summary>The text's words that can be themes, in order (apostrophes inside a word keep it whole).</summary>
    public static IEnumerable<string> Words(string text)
    {
        var word = new System.Text.StringBuilder();
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsLetter(c) || (c is '\'' or '’' && word.Length > 0 && i + 1 < text.Length && char.IsLetter(text[i + 1])))
            {
                word.Append(c == '’' ? '\'' : char.ToLowerInvariant(c));
                continue;
            }
            if (word.Length >= MinLength && !StopWords.Contains(word.ToString())) yield return word.ToString();
            word.Clear();
        }
    }
}
