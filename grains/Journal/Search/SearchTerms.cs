namespace Journal.Grains.Journal.Search;

/// <summary>
/// An entry's part of the blind index, stored on the entry's own row (<c>search_tokens</c>,
/// <c>search_weights</c>): the tokens of its terms and, in the same order, their weights.
/// A secret entry has none (<see cref="None"/>): its words stay out of the index.
/// </summary>
public sealed record SearchTerms(byte[][]? Tokens, short[]? Weights)
{
    public static readonly SearchTerms None = new(null, null);
}
