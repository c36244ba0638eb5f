namespace Journal.Grains.Journal.Search;

/// <summary>
/// The Snowball English ("Porter2") stemmer, written from the published algorithm
/// (snowballstem.org, "The English (Porter2) stemming algorithm"): "running", "runs" and "run" all
/// become "run", so a search finds the forms of a word. Input is one lower-case word; stems are
/// index terms, not words ("happiness" → "happi"). Pure: the same word always gets the same stem.
/// </summary>
public static class EnglishStemmer
{
    // Words the algorithm treats specially before anything else (its "exception1" list).
    private static readonly Dictionary<string, string> s_exceptions = new(StringComparer.Ordinal)
    {
        ["skis"] = "ski", ["skies"] = "sky", ["dying"] = "die", ["lying"] = "lie", ["tying"] = "tie",
        ["idly"] = "idl", ["gently"] = "gentl", ["ugly"] = "ugli", ["early"] = "earli", ["only"] = "onli", ["singly"] = "singl",
        ["sky"] = "sky", ["news"] = "news", ["howe"] = "howe", ["atlas"] = "atlas", ["cosmos"] = "cosmos", ["bias"] = "bias", ["andes"] = "andes",
    };

    // Words left as they are once step 1a is done ("exception2").
    private static readonly HashSet<string> s_afterStep1a = new(StringComparer.Ordinal)
    {
        "inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed",
    };

    // R1 starts after these prefixes instead of after the first vowel–consonant pair.
    private static readonly string[] s_r1Prefixes = ["gener", "commun", "arsen"];

    // Each step applies only the longest suffix that matches (longest first below); if its condition fails, nothing changes.
    private static readonly (string Suffix, string Replacement)[] s_step2 = LongestFirst(
    [
        ("ization", "ize"), ("ational", "ate"), ("fulness", "ful"), ("ousness", "ous"), ("iveness", "ive"),
        ("tional", "tion"), ("biliti", "ble"), ("lessli", "less"),
        ("entli", "ent"), ("ation", "ate"), ("alism", "al"), ("aliti", "al"), ("ousli", "ous"), ("iviti", "ive"), ("fulli", "ful"),
        ("enci", "ence"), ("anci", "ance"), ("abli", "able"), ("izer", "ize"), ("ator", "ate"), ("alli", "al"),
        ("bli", "ble"), ("ogi", "og"), ("li", ""),
    ]);

    private static readonly (string Suffix, string Replacement)[] s_step3 = LongestFirst(
    [
        ("ational", "ate"), ("tional", "tion"), ("alize", "al"), ("icate", "ic"), ("iciti", "ic"), ("ative", ""),
        ("ical", "ic"), ("ness", ""), ("ful", ""),
    ]);

    private static readonly string[] s_step4 =
    [
        .. new[] { "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion" }
            .OrderByDescending(suffix => suffix.Length),
    ];

    public static string Stem(string word)
    {
        if (s_exceptions.TryGetValue(word, out var exception)) return exception;
        if (word.Length < 3) return word;

        var w = new Word(word.StartsWith('\'') ? word[1..] : word);
        w.MarkConsonantYs();
        w.MarkRegions();
        Step1a(w);
        if (s_afterStep1a.Contains(w.ToString())) return w.ToString().Replace('Y', 'y');
        Step1b(w);
        Step1c(w);
        Step2(w);
        Step3(w);
        Step4(w);
        Step5(w);
        return w.ToString().Replace('Y', 'y');
    }

    private static void Step1a(Word w)
    {
        // Step 0: the possessive apostrophes.
        if (w.EndsWith("'s'")) w.Cut(3);
        else if (w.EndsWith("'s")) w.Cut(2);
        else if (w.EndsWith("'")) w.Cut(1);

        if (w.EndsWith("sses")) w.Replace(4, "ss");
        else if (w.EndsWith("ied") || w.EndsWith("ies")) w.Replace(3, w.Length > 4 ? "i" : "ie");
        // "us" and "ss" stay; another "s" goes when a vowel comes before the letter in front of it ("gaps" → "gap", not "gas").
        else if (w.EndsWith("s") && !w.EndsWith("us") && !w.EndsWith("ss") && w.HasVowelBefore(w.Length - 2)) w.Cut(1);
    }

    private static void Step1b(Word w)
    {
        if (w.EndsWith("eedly") || w.EndsWith("eed"))
        {
            var suffix = w.EndsWith("eedly") ? 5 : 3;
            if (w.Length - suffix >= w.R1) w.Replace(suffix, "ee");
            return;
        }
        var cut = w.EndsWith("ingly") ? 5 : w.EndsWith("edly") ? 4 : w.EndsWith("ing") ? 3 : w.EndsWith("ed") ? 2 : 0;
        if (cut == 0 || !w.HasVowelBefore(w.Length - cut)) return;
        w.Cut(cut);
        if (w.EndsWith("at") || w.EndsWith("bl") || w.EndsWith("iz")) w.Append("e");
        else if (w.EndsWithDouble()) w.Cut(1);
        // A short word (R1 empty, ending in a short syllable) gets its e back: "hoping" → "hope".
        else if (w.Length == w.R1 && w.EndsWithShortSyllable(w.Length)) w.Append("e");
    }

    private static void Step1c(Word w)
    {
        if (w.Length > 2 && (w.Last == 'y' || w.Last == 'Y') && !Word.IsVowel(w[w.Length - 2])) w.Replace(1, "i");
    }

    private static void Step2(Word w)
    {
        foreach (var (suffix, replacement) in s_step2)
        {
            if (!w.EndsWith(suffix)) continue;
            var start = w.Length - suffix.Length;
            if (start < w.R1) return;
            if (suffix == "ogi" && (start == 0 || w[start - 1] != 'l')) return;
            if (suffix == "li" && (start == 0 || !IsValidLiEnding(w[start - 1]))) return;
            w.Replace(suffix.Length, replacement);
            return;
        }
    }

    private static void Step3(Word w)
    {
        foreach (var (suffix, replacement) in s_step3)
        {
            if (!w.EndsWith(suffix)) continue;
            var start = w.Length - suffix.Length;
            if (start < w.R1 || (suffix == "ative" && start < w.R2)) return;
            w.Replace(suffix.Length, replacement);
            return;
        }
    }

    private static void Step4(Word w)
    {
        foreach (var suffix in s_step4)
        {
            if (!w.EndsWith(suffix)) continue;
            var start = w.Length - suffix.Length;
            if (start < w.R2) return;
            if (suffix == "ion" && (start == 0 || w[start - 1] is not ('s' or 't'))) return;
            w.Cut(suffix.Length);
            return;
        }
    }

    private static void Step5(Word w)
    {
        var start = w.Length - 1;
        if (w.Last == 'e' && (start >= w.R2 || (start >= w.R1 && !w.EndsWithShortSyllable(start)))) w.Cut(1);
        else if (w.Last == 'l' && start >= w.R2 && start > 0 && w[start - 1] == 'l') w.Cut(1);
    }

    private static (string Suffix, string Replacement)[] LongestFirst((string Suffix, string Replacement)[] rules) =>
        [.. rules.OrderByDescending(rule => rule.Suffix.Length)];

    private static bool IsValidLiEnding(char c) => c is 'c' or 'd' or 'e' or 'g' or 'h' or 'k' or 'm' or 'n' or 'r' or 't';

    /// <summary>The word being stemmed: its letters (a consonant y marked as Y) and the starts of R1 and R2.</summary>
    private sealed class Word(string word)
    {
        private readonly System.Text.StringBuilder _letters = new(word, word.Length + 2);

        public int R1 { get; private set; }

        public int R2 { get; private set; }

        public int Length => _letters.Length;

        public char Last => _letters[^1];

        public char this[int index] => _letters[index];

        public static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

        /// <summary>A y at the start or after a vowel is a consonant: it becomes Y, which no rule treats as a vowel.</summary>
        public void MarkConsonantYs()
        {
            for (var i = 0; i < _letters.Length; i++)
                if (_letters[i] == 'y' && (i == 0 || IsVowel(_letters[i - 1]))) _letters[i] = 'Y';
        }

        public void MarkRegions()
        {
            var text = _letters.ToString();
            var prefix = s_r1Prefixes.FirstOrDefault(p => text.StartsWith(p, StringComparison.Ordinal));
            R1 = prefix?.Length ?? AfterVowelConsonant(0);
            R2 = AfterVowelConsonant(R1);
        }

        public bool EndsWith(string suffix)
        {
            if (suffix.Length > _letters.Length) return false;
            var offset = _letters.Length - suffix.Length;
            for (var i = 0; i < suffix.Length; i++)
                if (_letters[offset + i] != suffix[i]) return false;
            return true;
        }

        public bool EndsWithDouble() => _letters.Length >= 2 && _letters[^1] == _letters[^2] && _letters[^1] is 'b' or 'd' or 'f' or 'g' or 'm' or 'n' or 'p' or 'r' or 't';

        /// <summary>
        /// Whether the letters before <paramref name="end"/> end in a short syllable: consonant, vowel,
        /// consonant other than w, x or Y; or a vowel then a consonant at the very start.
        /// </summary>
        public bool EndsWithShortSyllable(int end)
        {
            if (end >= 3 && !IsVowel(_letters[end - 3]) && IsVowel(_letters[end - 2]) && !IsVowel(_letters[end - 1])
                && _letters[end - 1] is not ('w' or 'x' or 'Y')) return true;
            return end == 2 && IsVowel(_letters[0]) && !IsVowel(_letters[1]);
        }

        /// <summary>Whether a vowel occurs before position <paramref name="end"/>.</summary>
        public bool HasVowelBefore(int end)
        {
            for (var i = 0; i < end; i++)
                if (IsVowel(_letters[i])) return true;
            return false;
        }

        public void Cut(int count) => _letters.Length -= count;

        public void Replace(int count, string replacement)
        {
            _letters.Length -= count;
            _letters.Append(replacement);
        }

        public void Append(string letters) => _letters.Append(letters);

        public override string ToString() => _letters.ToString();

        // The position after the first consonant that follows a vowel, from `from` on (the length if none).
        private int AfterVowelConsonant(int from)
        {
            for (var i = from + 1; i < _letters.Length; i++)
                if (!IsVowel(_letters[i]) && IsVowel(_letters[i - 1])) return i + 1;
            return _letters.Length;
        }
    }
}
