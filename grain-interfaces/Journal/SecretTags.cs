using System.Collections.Immutable;
using Journal.GrainInterfaces.Accounts;

namespace Journal.GrainInterfaces.Journal;

/// <summary>
/// A user's secret tags (key = user id; the journal grain implements it, since a tag and its entries
/// are one unit of consistency). The phrase is never stored: it opens the tag's key, and an unlock
/// hands the key back only inside a short-lived token (docs/SECRET_TAGS.md).
/// </summary>
[Alias("journal.ISecretTagsGrain")]
public interface ISecretTagsGrain : IGrainWithGuidKey
{
    /// <summary>Creates a tag protected by <see cref="NewSecretTag.Phrase"/>; with an idempotency key, a retry returns the first result.</summary>
    [Alias("CreateSecretTagAsync")]
    Task<CreateResult<SecretTag>> CreateSecretTagAsync(NewSecretTag tag, IdempotencyKey? idempotency);

    [Alias("ListSecretTagsAsync")]
    Task<ImmutableList<SecretTag>> ListSecretTagsAsync();

    /// <summary>Checks the phrase (throttled per user) and returns an unlock token for the tag.</summary>
    [Alias("UnlockSecretTagAsync")]
    Task<SecretTagUnlock> UnlockSecretTagAsync(Guid tagId, string phrase);

    /// <summary>
    /// Deletes the tag (its unlock must be in <paramref name="unlocks"/>): its entries, the trash's too,
    /// become ordinary entries again, sealed under the user's key, dated by <paramref name="clock"/>, the
    /// user's clock as the request's session check read it. False when the user has no such tag.
    /// </summary>
    [Alias("DeleteSecretTagAsync")]
    Task<bool> DeleteSecretTagAsync(Guid tagId, UserClock clock, SecretUnlocks unlocks);
}

[GenerateSerializer, Immutable, Alias("journal.NewSecretTag")]
public sealed record NewSecretTag(string Name, string Color, string Phrase);

/// <summary>A secret tag as its owner sees it (the name is private text, sealed at rest).</summary>
[GenerateSerializer, Immutable, Alias("journal.SecretTag")]
public sealed record SecretTag(Guid Id, string Name, string Color, DateTimeOffset CreatedAt);

[GenerateSerializer, Alias("journal.SecretTagUnlockStatus")]
public enum SecretTagUnlockStatus { Unlocked, WrongPhrase, Throttled, NotFound }

/// <summary>An unlock: the token and its expiry, or why not (with the wait when throttled).</summary>
[GenerateSerializer, Immutable, Alias("journal.SecretTagUnlock")]
public sealed record SecretTagUnlock(SecretTagUnlockStatus Status, string? Token, DateTimeOffset? ExpiresAt, TimeSpan RetryAfter);

/// <summary>
/// The unlock tokens a request carries (header <c>X-Secret-Tag-Unlock</c>). A token that does not
/// open (expired, forged, another user's) is ignored: its entries simply stay hidden.
/// </summary>
[GenerateSerializer, Immutable, Alias("journal.SecretUnlocks")]
public sealed record SecretUnlocks(ImmutableList<string> Tokens)
{
    public static readonly SecretUnlocks None = new([]);
}

/// <summary>A write into or out of a secret tag whose unlock the request did not carry: a 403 (the caller owns the tag but must unlock it).</summary>
[GenerateSerializer, Alias("journal.SecretTagLockedException")]
public sealed class SecretTagLockedException : Exception
{
    public SecretTagLockedException(Guid tagId) : base($"Secret tag {tagId} is locked: unlock it (POST /v1/journal/secret-tags/{tagId}/unlock) and send the token in X-Secret-Tag-Unlock.")
    {
    }
}

/// <summary>The limits of secret tags' fields.</summary>
public static class SecretTagLimits
{
    public const int MaxNameLength = 100;
    public const int MinPhraseLength = 8;
    public const int MaxPhraseLength = 200;
}
