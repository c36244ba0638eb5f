using System.Collections.Immutable;

namespace Journal.GrainInterfaces;

/// <summary>How the user felt (an entry's or check-in's mood).</summary>
[GenerateSerializer, Alias("journal.MoodLabel")]
public enum MoodLabel { Ecstatic, Happy, Neutral, Sad, Anxious, Angry }

/// <summary>A client's Idempotency-Key with a hash of the request it came with (a key reused for another request is refused).</summary>
[GenerateSerializer, Immutable, Alias("journal.IdempotencyKey")]
public sealed record IdempotencyKey(string Key, string RequestHash);

[GenerateSerializer, Alias("journal.CreateStatus")]
public enum CreateStatus { Created, Replayed, KeyReused }

/// <summary>The outcome of a create: the new item, the first result of a retried create, or a key reused for a different request.</summary>
[GenerateSerializer, Immutable, Alias("journal.CreateResult`1")]
public sealed record CreateResult<T>(CreateStatus Status, T? Item) where T : class;

/// <summary><see cref="EditStatus.NotInTrash"/>: a restore of an entry that is not deleted.</summary>
[GenerateSerializer, Alias("journal.EditStatus")]
public enum EditStatus { Done, NotFound, VersionMismatch, Gone, NotInTrash }

/// <summary>The outcome of an edit; with <see cref="EditStatus.VersionMismatch"/>, <paramref name="Item"/> is the current version.</summary>
[GenerateSerializer, Immutable, Alias("journal.EditResult`1")]
public sealed record EditResult<T>(EditStatus Status, T? Item) where T : class;

/// <summary>One page of a list: <paramref name="NextCursor"/> is null on the last page.</summary>
[GenerateSerializer, Immutable, Alias("journal.Page`1")]
public sealed record Page<T>(ImmutableList<T> Items, string? NextCursor);

/// <summary>A grain refused a value the API could not check alone (e.g. a date in the user's future); a 400 naming the field.</summary>
[GenerateSerializer, Alias("journal.DomainValidationException")]
public sealed class DomainValidationException : Exception
{
    public DomainValidationException(string field, string message) : base(message)
    {
        Field = field;
    }

    [Id(0)] public string Field { get; }
}

/// <summary>The account no longer exists (deleted) or never did.</summary>
[GenerateSerializer, Alias("journal.AccountNotFoundException")]
public sealed class AccountNotFoundException : Exception
{
    public AccountNotFoundException(Guid userId) : base($"Account {userId:N} does not exist.")
    {
    }
}
