using Journal.GrainInterfaces.Attachments;

namespace Journal.Grains.Attachments;

/// <summary>An attachments row.</summary>
internal sealed record AttachmentRecord
{
    public const string Columns =
        "id, journal_entry_id, file_name, media_type, file_size, storage_key, thumbnail_key, thumbnail_size, uploaded_at, deleted_at";

    public Guid Id { get; init; }
    public Guid JournalEntryId { get; init; }
    public string FileName { get; init; } = "";
    public string MediaType { get; init; } = "";
    public long FileSize { get; init; }
    public string StorageKey { get; init; } = "";
    public string? ThumbnailKey { get; init; }
    public long? ThumbnailSize { get; init; }
    public DateTimeOffset UploadedAt { get; init; }
    public DateTimeOffset? DeletedAt { get; init; }

    public Attachment ToAttachment() => new(Id, JournalEntryId, FileName, MediaType, FileSize, ThumbnailKey is not null, UploadedAt, DeletedAt);

    public IEnumerable<string> BlobKeys() => ThumbnailKey is null ? [StorageKey] : [StorageKey, ThumbnailKey];
}
