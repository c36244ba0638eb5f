using System.Collections.Immutable;
using Journal.GrainInterfaces.Journal;
using Orleans.Concurrency;

namespace Journal.GrainInterfaces.Attachments;

/// <summary>
/// A user's attachments (key = user id): the single writer of the user's attachments rows and the keeper
/// of the quota. File bytes never pass through it: the API node streams them to the blob store under the
/// per-file keys this grain derives from the user's data key, between <see cref="ReserveAsync"/> and
/// <see cref="CommitAsync"/> (or <see cref="AbandonAsync"/>). An entry that is not the caller's live entry
/// (another user's, in the trash, purged, under a secret tag not unlocked by <c>unlocks</c>) has no
/// attachments to show.
/// </summary>
[Alias("attachments.IAttachmentsGrain")]
public interface IAttachmentsGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Holds quota for an upload to the entry: <paramref name="declaredBytes"/> when the request says its
    /// size, else as much as the quota and the file limit allow. With an idempotency key used before, the first result.
    /// </summary>
    [Alias("ReserveAsync")]
    Task<Reservation> ReserveAsync(Guid entryId, long? declaredBytes, IdempotencyKey? idempotency, SecretUnlocks? unlocks);

    /// <summary>Records the file the API stored under the reservation; null when the reservation or the entry is gone (the caller removes the blobs).</summary>
    [Alias("CommitAsync")]
    Task<Attachment?> CommitAsync(Guid attachmentId, StoredFile file);

    /// <summary>Releases the quota of an upload that did not complete.</summary>
    [Alias("AbandonAsync")]
    Task AbandonAsync(Guid attachmentId);

    /// <summary>The entry's attachments, oldest first; null when the entry is not the caller's live entry.</summary>
    [ReadOnly]
    [Alias("ListAsync")]
    Task<Page<Attachment>?> ListAsync(Guid entryId, string? cursor, int limit, SecretUnlocks? unlocks);

    /// <summary>What the API needs to stream one attachment of a live entry; null when there is none.</summary>
    [ReadOnly]
    [Alias("OpenAsync")]
    Task<AttachmentContent?> OpenAsync(Guid entryId, Guid attachmentId, SecretUnlocks? unlocks);

    /// <summary>
    /// Any attachment still stored (of an entry in the trash, or deleted itself), for the export; null when
    /// there is none, or when its entry is under a secret tag <paramref name="unlocks"/> does not unlock
    /// (the export leaves such entries out, and their files with them).
    /// </summary>
    [ReadOnly]
    [Alias("OpenForExportAsync")]
    Task<AttachmentContent?> OpenForExportAsync(Guid attachmentId, SecretUnlocks? unlocks);

    /// <summary>Marks the attachment deleted (soft); false when there is none.</summary>
    [Alias("DeleteAsync")]
    Task<bool> DeleteAsync(Guid entryId, Guid attachmentId, SecretUnlocks? unlocks);

    /// <summary>Every attachment still stored, for the export.</summary>
    [ReadOnly]
    [Alias("ExportAsync")]
    Task<ImmutableList<Attachment>> ExportAsync();

    /// <summary>Deletes every row and blob of the user (account deletion).</summary>
    [Alias("EraseAsync")]
    Task EraseAsync();
}

/// <summary>An attachment's metadata; <paramref name="Size"/> is the file's own size in bytes.</summary>
[GenerateSerializer, Immutable, Alias("attachments.Attachment")]
public sealed record Attachment(
    Guid Id, Guid EntryId, string FileName, string MediaType, long Size, bool HasThumbnail, DateTimeOffset UploadedAt, DateTimeOffset? DeletedAt);

[GenerateSerializer, Alias("attachments.ReservationStatus")]
public enum ReservationStatus { Reserved, EntryNotFound, QuotaExceeded, Replayed, KeyReused }

/// <summary>
/// The outcome of <see cref="IAttachmentsGrain.ReserveAsync"/>. Reserved: where to write the file and its
/// thumbnail, and at most <paramref name="AllowedBytes"/>. QuotaExceeded: the quota and what is used of it.
/// Replayed: <paramref name="Earlier"/>, the attachment the idempotency key created.
/// </summary>
[GenerateSerializer, Immutable, Alias("attachments.Reservation")]
public sealed record Reservation(
    ReservationStatus Status, long AllowedBytes, long QuotaBytes, long UsedBytes, BlobAccess? File, BlobAccess? Thumbnail, Attachment? Earlier)
{
    public static Reservation Refused(ReservationStatus status, long quota = 0, long used = 0) => new(status, 0, quota, used, null, null, null);
}

/// <summary>
/// One stored blob and the AES key its chunks are sealed with: a key derived from the user's data key for
/// this blob alone, so it is useless for any other file and goes when the user's key goes.
/// </summary>
[GenerateSerializer, Immutable, Alias("attachments.BlobAccess")]
public sealed record BlobAccess(Guid AttachmentId, string StorageKey, byte[] Key);

/// <summary>What the API stored: the file (its type sniffed from its bytes) and whether a thumbnail was made.</summary>
[GenerateSerializer, Immutable, Alias("attachments.StoredFile")]
public sealed record StoredFile(string FileName, string MediaType, long Size, long? ThumbnailSize);

/// <summary>An attachment with the blobs to read: the file, and its thumbnail when there is one.</summary>
[GenerateSerializer, Immutable, Alias("attachments.AttachmentContent")]
public sealed record AttachmentContent(Attachment Attachment, BlobAccess File, BlobAccess? Thumbnail, long? ThumbnailSize);
