using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Dapper;
using Journal.GrainInterfaces;
using Journal.Grains.Privacy;
using Npgsql;

namespace Journal.Grains.Storage;

/// <summary>
/// Looks up an earlier create made with the same Idempotency-Key. The key and a hash of its request
/// are stored on the created row (unique per user), so a retried create finds its first result.
/// </summary>
internal static class IdempotencyKeys
{
    /// <summary>The id the key created before, <see cref="Guid.Empty"/> if none; <paramref name="sameRequest"/> says whether the requests match.</summary>
    /// <param name="ownerColumn">The column naming whose row it is (community rows name their author).</param>
    public static async Task<(Guid Id, bool SameRequest)> FindAsync(
        NpgsqlDataSource dataSource, string table, Guid userId, IdempotencyKey idempotency, string ownerColumn = "user_id")
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var found = await connection.QuerySingleOrDefaultAsync<(Guid Id, byte[]? RequestHash)>(
            $"SELECT id, request_hash FROM {table} WHERE {ownerColumn} = @userId AND idempotency_key = @Key", new { userId, idempotency.Key });
        return (found.Id, found.RequestHash is not null && found.RequestHash.AsSpan().SequenceEqual(RequestHash(idempotency)));
    }

    /// <summary>
    /// A create retried with its Idempotency-Key gets the first result (<paramref name="read"/> of the
    /// id it created), or <see cref="CreateStatus.KeyReused"/> when the key came with another request;
    /// null when the key is new (or none was given).
    /// </summary>
    public static async Task<CreateResult<T>?> EarlierResultAsync<T>(
        NpgsqlDataSource dataSource, string table, Guid userId, IdempotencyKey? idempotency, Func<Guid, Task<T>> read) where T : class
    {
        if (idempotency is null) return null;
        var (id, sameRequest) = await FindAsync(dataSource, table, userId, idempotency);
        if (id == Guid.Empty) return null;
        return sameRequest ? new(CreateStatus.Replayed, await read(id)) : new(CreateStatus.KeyReused, null);
    }

    /// <summary>
    /// The key with its request hash keyed (HMAC) by <paramref name="key"/>, which the caller stores instead
    /// when the body carries text it seals: a plain hash of the body would let a reader of the row test
    /// guesses of that text. A retry (same body, same key) still matches.
    /// </summary>
    [return: NotNullIfNotNull(nameof(idempotency))]
    public static IdempotencyKey? KeyedWith(this IdempotencyKey? idempotency, UserDataKey key) => idempotency is null ? null
        : idempotency with { RequestHash = Convert.ToHexString(HMACSHA256.HashData(key.DeriveKey("idempotency"), Convert.FromHexString(idempotency.RequestHash))) };

    public static byte[]? RequestHash(IdempotencyKey? idempotency) => idempotency is null ? null : Convert.FromHexString(idempotency.RequestHash);
}
