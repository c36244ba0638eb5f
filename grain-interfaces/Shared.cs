using System.Collections.Immutable;

namespace Journal.GrainInterfaces;

/// <summary>How the user felt (an entry's or check-in's mood).</summary>
public enum MoodLabel { Ecstatic, Happy, Neutral, Sad, Anxious, Angry }

/// <summary>A client's Idempotency-Key with a hash of the request it came with (a key reused for another request is refused).</summary>
public sealed record IdempotencyKey(string Key, string RequestHash);

public enum CreateStatus { Created, Replayed, KeyReused }

/// <summary>The outcome of a create: the new item, the first result of a retried create, or a key reused for a different request.</summary>
public sealed record CreateResult<T>(CreateStatus Status, T? Item) where T : class;

/// <summary><see cref="EditStatus.NotInTrash"/>: a restore of an entry that is not deleted.</summary>
public enum EditStatus { Done, NotFound, VersionMismatch, Gone, NotInTrash }

/// <summary>The outcome of an edit; with <see cref="EditStatus.VersionMismatch"/>, <paramref name="Item"/> is the current version.</summary>
public sealed record EditResult<T>(EditStatus Status, T? Item) where T : class;

/// <summary>One page of a list: <paramref name="NextCursor"/> is null on the last page.</summary>
public sealed record Page<T>(ImmutableList<T> Items, string? NextCursor);

/// <summary>A grain refused a value the API could not check alone (e.g. a date in the user's future); a 400 naming the field.</summary>
public sealed class DomainValidationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>The account no longer exists (deleted) or never did.</summary>
public sealed class AccountNotFoundException(Guid userId) : Exception($"Account {userId:N} does not exist.");
