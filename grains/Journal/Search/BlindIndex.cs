using System.Security.Cryptography;
using System.Text;
using Journal.Grains.Privacy;
using Journal.Persistence.Storage;

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

    /// <summary>Adds to <paramref name="changes"/> the removal of the entry's index rows (it went under a secret tag, or is re-indexed).</summary>
    public static UnitOfWork Unindex(UnitOfWork changes, Guid entryId) =>
        changes.Execute("DELETE FROM journal_search_terms WHERE entry_id = @entryId", new { entryId });

    /// <summary>
    /// Adds to <paramref name="changes"/> the statements that make the entry's index rows those of its
    /// new text, so the index changes in the same transaction as the entry.
    /// </summary>
    public UnitOfWork Index(UnitOfWork changes, Guid userId, Guid entryId, string? title, string content, string? location, bool replacing)
    {
        var weights = TermWeights.Of(title, content, location);
        if (replacing) Unindex(changes, entryId);
        if (weights.Count == 0) return changes;
        return changes.Execute(
            """
            INSERT INTO journal_search_terms (user_id, entry_id, token, weight)
            SELECT @userId, @entryId, term.token, term.weight FROM unnest(@tokens, @weights) AS term (token, weight)
            """,
            new { userId, entryId, tokens = weights.Keys.Select(Token).ToArray(), weights = weights.Values.ToArray() });
    }
}
