using System.Globalization;
using System.Text;

namespace Journal.Grains.Journal.Search;

/// <summary>
/// Splits text into words for the search index and its snippets: runs of letters and digits (an
/// apostrophe inside a word keeps it whole, so the stemmer can drop "'s"), lower-cased and folded
/// (accents removed, <see cref="LatinFolding"/>: "café" and "cafe" are one word; "ß" is "ss").
/// Everything else separates words.
/// </summary>
public static class SearchText
{
    /// <summary>Words longer than this are not words anyone searches for (pasted links, keys): they are left out.</summary>
    public const int MaxWordLength = 64;

    /// <summary>One word of a text: where it stands in the original, and its normalized form.</summary>
    public readonly record struct Word(int Start, int Length, string Normalized);

    public static IEnumerable<Word> Words(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }
            var start = i;
            // Marks that combine with the letter before them (a decomposed é) belong to the word.
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || IsMark(text[i]) || IsInnerApostrophe(text, i))) i++;
            if (i - start <= MaxWordLength) yield return new Word(start, i - start, Normalize(text.AsSpan(start, i - start)));
        }
    }

    /// <summary>The index terms of a text, in order, repeats included: stems of the words that are not stop words.</summary>
    public static IEnumerable<string> Terms(string text) =>
        Words(text).Where(word => !StopWords.Contains(word.Normalized)).Select(word => EnglishStemmer.Stem(word.Normalized));

    public static string Normalize(ReadOnlySpan<char> word)
    {
        var folded = new StringBuilder(word.Length);
        foreach (var c in word)
        {
            if (IsMark(c)) continue;
            if (LatinFolding.Fold(c) is { } letters) folded.Append(letters);
            else folded.Append(c is '’' or '‘' ? '\'' : char.ToLowerInvariant(c));
        }
        return folded.ToString();
    }

    private static bool IsMark(char c) => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;

    private static bool IsInnerApostrophe(string text, int i) =>
        text[i] is '\'' or '’' && i > 0 && char.IsLetterOrDigit(text[i - 1]) && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]);
}
