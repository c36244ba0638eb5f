using Journal.Grains.Privacy;

namespace Journal.Grains.Journal.Secret;

/// <summary>
/// What one request unlocked: the keys of its secret tags and the opened contents of their entries.
/// Lives only as long as the request; the grain's memory keeps secret entries concealed.
/// </summary>
internal sealed class RevealedEntries(Guid userId, IReadOnlyDictionary<Guid, byte[]> keys, IReadOnlyDictionary<Guid, SecretEntryContent> contents)
{
    /// <summary>Nothing unlocked (most requests): one shared instance, so the read paths allocate nothing for secret tags.</summary>
    public static readonly RevealedEntries None = new(Guid.Empty, new Dictionary<Guid, byte[]>(), new Dictionary<Guid, SecretEntryContent>());

    public IReadOnlyDictionary<Guid, SecretEntryContent> Contents => contents;

    /// <summary>The sealing key of an unlocked tag, or null while it is locked for this request.</summary>
    public UserDataKey? KeyOf(Guid tagId) => keys.TryGetValue(tagId, out var key) ? SealingKey(userId, key) : null;

    /// <summary>The entry as this request may see it: a plain entry as it is, a secret one with its figures, or null while its tag is locked.</summary>
    public EntryRecord? Show(EntryRecord stored) =>
        stored.SecretTagId is null ? stored : contents.TryGetValue(stored.Id, out var content) ? stored.Revealed(content) : null;

    /// <summary>
    /// A tag key seals like a user's data key, bound to the user, the row and the purpose; only the
    /// key differs, and it is not derived from the user's key or the master key.
    /// </summary>
    public static UserDataKey SealingKey(Guid userId, byte[] tagKey) => new(userId, tagKey);
}
