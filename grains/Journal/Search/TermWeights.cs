namespace Journal.Grains.Journal.Search;

/// <summary>
/// How much each term of an entry counts when a search matches it. A term in the title weighs
/// <see cref="Title"/>; each use in the body adds one, up to <see cref="MaxBody"/>. Since the title
/// weight is above the most the body can add, an entry whose title holds a word ranks above entries
/// that only use it in their text, however often; the cap also keeps the stored weights from telling
/// how often a word is used.
/// </summary>
public static class TermWeights
{
    public const short Title = 5;
    public const short MaxBody = 3;

    public static IReadOnlyDictionary<string, short> Of(string? title, string body, string? location = null)
    {
        var weights = new Dictionary<string, short>(StringComparer.Ordinal);
        foreach (var term in SearchText.Terms(body + (location is null ? "" : "\n" + location)))
            weights[term] = (short)Math.Min(weights.GetValueOrDefault(term) + 1, MaxBody);
        if (title is not null)
            foreach (var term in SearchText.Terms(title).Distinct())
                weights[term] = (short)(Title + weights.GetValueOrDefault(term));
        return weights;
    }
}
