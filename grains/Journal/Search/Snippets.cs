using System.Text;

namespace Journal.Grains.Journal.Search;

/// <summary>
/// The excerpt a search hit shows: about <see cref="Words"/> words of the entry around the first word
/// that matches the query (in any of its forms), with "…" where text was left out. Built in the
/// grain from the decrypted text of the hits on the page, never stored.
/// </summary>
public static class Snippets
{
    public const int Words = 30;

    /// <summary>How many words come before the first match, so it is read in context.</summary>
    public const int Lead = 8;

    public static string Build(string content, IReadOnlySet<string> queryTerms)
    {
        var words = SearchText.Words(content).ToList();
        if (words.Count == 0) return "";
        var match = words.FindIndex(word => !StopWords.Contains(word.Normalized) && queryTerms.Contains(EnglishStemmer.Stem(word.Normalized)));
        var first = match <= Lead ? 0 : match - Lead;
        var last = Math.Min(words.Count, first + Words) - 1;
        var start = first == 0 ? 0 : words[first].Start;
        var end = last == words.Count - 1 ? content.Length : words[last].Start + words[last].Length;
        var snippet = new StringBuilder(end - start + 2);
        if (start > 0) snippet.Append('…');
        // Line breaks and runs of spaces become one space: a snippet is one line.
        var space = false;
        foreach (var c in content.AsSpan(start, end - start).Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }
            if (space) snippet.Append(' ');
            space = false;
            snippet.Append(c);
        }
        if (end < content.Length) snippet.Append('…');
        return snippet.ToString();
    }
}
