namespace Journal.Grains.Journal;

/// <summary>Figures the server computes from an entry's text.</summary>
public static class EntryText
{
    /// <summary>Adults read about 200 words a minute (the figure the journaling seeds use).</summary>
    public const int WordsPerMinute = 200;

    /// <summary>Words are runs of letters or digits (apostrophes and hyphens inside a word keep it whole: "don't", "well-being").</summary>
    public static int CountWords(string text)
    {
        var words = 0;
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var joins = (c is '\'' or '’' or '-') && inWord && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]);
            if (char.IsLetterOrDigit(c) || joins)
            {
                if (!inWord) words++;
                inWord = true;
            }
            else
            {
                inWord = false;
            }
        }
        return words;
    }

    /// <summary>Whole seconds, rounded up, so any text takes at least a second.</summary>
    public static int ReadingTimeSeconds(int words) => (words * 60 + WordsPerMinute - 1) / WordsPerMinute;
}
