using Dapper;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Journal;
using Journal.Grains.Privacy;
using Journal.Grains.Storage;
using Journal.Persistence.Storage;
using Npgsql;

namespace Journal.Grains.Journal.Secret;

/// <summary>
/// A user's secret tags as the journal grain keeps them in memory: names (opened with the user's data
/// key), colours and the stored, phrase-wrapped keys. No tag key is ever kept here: a request brings
/// its keys inside unlock tokens (<see cref="UnlockTokens"/>) and they are dropped with the request.
/// </summary>
internal sealed class SecretTagBook
{
    public const string NamePurpose = "secret-tag-name";

    /// <summary>Enough for any use we know of; it bounds what one account holds in memory.</summary>
    public const int MaxTags = 50;

    private readonly Dictionary<Guid, SecretTagRecord> _tags = [];

    public int Count => _tags.Count;

    public static async Task<SecretTagBook> LoadAsync(NpgsqlConnection connection, Guid userId, UserDataKey userKey, CancellationToken cancellationToken)
    {
        var book = new SecretTagBook();
        var rows = await connection.QueryAsync<(Guid Id, byte[] SealedName, string Color, byte[] KdfSalt, int KdfMemoryKib, int KdfPasses, byte[] WrappedKey, DateTimeOffset CreatedAt)>(
            new CommandDefinition(
                "SELECT id, sealed_name, color, kdf_salt, kdf_memory_kib, kdf_passes, wrapped_key, created_at FROM secret_tags WHERE user_id = @userId",
                new { userId }, cancellationToken: cancellationToken));
        foreach (var row in rows)
            book.Add(new SecretTagRecord(row.Id, userKey.Open<string>(NamePurpose, row.Id, row.SealedName), row.Color,
                new SecretTagKey(row.KdfSalt, new PhraseKdf(row.KdfMemoryKib, row.KdfPasses), row.WrappedKey), row.CreatedAt));
        return book;
    }

    public SecretTagRecord? Find(Guid tagId) => _tags.GetValueOrDefault(tagId);

    public bool NameTaken(string name) => _tags.Values.Any(tag => string.Equals(tag.Name, name, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<SecretTag> List() => _tags.Values.OrderBy(tag => tag.CreatedAt).ThenBy(tag => tag.Id).Select(tag => tag.ToTag());

    public void Add(SecretTagRecord tag) => _tags[tag.Id] = tag;

    public void Remove(Guid tagId) => _tags.Remove(tagId);

    public void Clear() => _tags.Clear();

    /// <summary>The keys of this user's tags that <paramref name="unlocks"/> open now; tokens that do not open, or name no tag of the user's, are ignored.</summary>
    public Dictionary<Guid, byte[]> Open(SecretUnlocks? unlocks, UnlockTokens tokens, DateTimeOffset now)
    {
        var keys = new Dictionary<Guid, byte[]>();
        foreach (var token in unlocks?.Tokens ?? [])
            if (tokens.Open(token, now) is var (tagId, key) && _tags.ContainsKey(tagId))
                keys[tagId] = key;
        return keys;
    }

    /// <summary>Adds the new tag's row to <paramref name="changes"/>.</summary>
    public static UnitOfWork Insert(UnitOfWork changes, Guid userId, SecretTagRecord tag, UserDataKey userKey, IdempotencyKey? idempotency) => changes.Execute(
        """
        INSERT INTO secret_tags (id, user_id, sealed_name, color, kdf_salt, kdf_memory_kib, kdf_passes, wrapped_key, idempotency_key, request_hash, created_at)
        VALUES (@Id, @userId, @SealedName, @Color, @Salt, @MemoryKib, @Passes, @Wrapped, @IdempotencyKey, @RequestHash, @CreatedAt)
        """,
        new
        {
            tag.Id, userId, SealedName = userKey.Seal(NamePurpose, tag.Id, tag.Name), tag.Color, tag.Key.Salt, tag.Key.Kdf.MemoryKib, tag.Key.Kdf.Passes,
            tag.Key.Wrapped, IdempotencyKey = idempotency?.Key, RequestHash = IdempotencyKeys.RequestHash(idempotency), tag.CreatedAt,
        });
}

/// <summary>A secret tag in the grain's memory (no key in clear).</summary>
internal sealed record SecretTagRecord(Guid Id, string Name, string Color, SecretTagKey Key, DateTimeOffset CreatedAt)
{
    public SecretTag ToTag() => new(Id, Name, Color, CreatedAt);
}
