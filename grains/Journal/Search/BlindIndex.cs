using System.Security.Cryptography;
using System.Text;
using Journal.Grains.Privacy;

namespace Journal.Grains.Journal.Search;

/// <summary>
/// One user's blind search index: each term of an entry is stored only as a keyed hash (HMAC-SHA256,
/// truncated to 128 bits) under a key derived from the user's data key, with its weight. PostgreSQL
/// can then match and rank a query's hashes without ever holding a word, and destroying the data key
/// (account deletion) makes every stored hash meaningless. What this still reveals: docs/SECURITY.md.
/// </summary>
public sealed class BlindIndex(byte[] key)
{
    public const string KeyPurpose = "journal-search-index";

    /// <summary>128 bits: a collision between two of one user's terms is beyond any journal's vocabulary.</summary>
    public const int TokenBytes = 16;

    public static BlindIndex For(UserDataKey dataKey) => new(dataKey.DeriveKey(KeyPurpose));

    public byte[] Token(string term)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(term), mac);
        return mac[..TokenBytes].ToArray();
    }

    /// <summary>The tokens of a query's distinct terms (stop words dropped; empty when nothing is left to search for).</summary>
    public byte[][] QueryTokens(string text) => [.. SearchText.Terms(text).Distinct(StringComparer.Ordinal).Select(Token)];

    /// <summary>The entry's index, to store on its row: the tokens of its terms, in byte order, and their weights.</summary>
    public SearchTerms Terms(string? title, string content, string? location)
    {
        var weights = TermWeights.Of(title, content, location);
        var tokens = weights.Select(term => (Token: Token(term.Key), Weight: term.Value)).ToArray();
        // Byte order, not the order of the words in the text, which the arrays would otherwise keep.
        Array.Sort(tokens, (a, b) => a.Token.AsSpan().SequenceCompareTo(b.Token));
        return new SearchTerms([.. tokens.Select(term => term.Token)], [.. tokens.Select(term => term.Weight)]);
    }
}
