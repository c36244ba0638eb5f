using System.Text;
using System.Text.RegularExpressions;
using Journal.GrainInterfaces.Content;
using Journal.Grains.Journal.Search;

namespace Journal.Grains.Content;

/// <summary>URL-friendly identifiers of content items: lower-case letters and digits in words joined by hyphens.</summary>
public static partial class Slugs
{
    public const int MaxLength = ContentLimits.MaxSlugLength;

    public static bool IsValid(string slug) => slug.Length <= MaxLength && Pattern().IsMatch(slug);

    /// <summary>"Box breathing: 4 × 4" → "box-breathing-4-4"; accents are folded, other characters separate words. Empty when nothing is left.</summary>
    public static string FromTitle(string title)
    {
        var slug = new StringBuilder(title.Length);
        foreach (var word in SearchText.Words(title))
        {
            var letters = word.Normalized.Where(char.IsAsciiLetterOrDigit).ToArray();
            if (letters.Length == 0) continue;
            if (slug.Length + letters.Length + 1 > MaxLength) break;
            if (slug.Length > 0) slug.Append('-');
            slug.Append(letters);
        }
        return slug.ToString();
    }

    [GeneratedRegex(@"\A[a-z0-9]+(-[a-z0-9]+)*\z")]
    private static partial Regex Pattern();
}
