namespace Journal.Grains.Attachments;

/// <summary>
/// Where attachment blobs live: a folder (<see cref="FileSystemAttachmentStore"/>) or an S3-compatible bucket
/// (<see cref="S3AttachmentStore"/>). Blobs hold only sealed bytes. Keys are <c>{userId:N}/{name}</c>, so one
/// user's blobs are listed and removed by prefix.
/// </summary>
public interface IAttachmentStore
{
    /// <summary>Starts writing a blob; it exists under <paramref name="key"/> only once committed.</summary>
    Task<IBlobWrite> CreateAsync(string key, CancellationToken cancellationToken);

    /// <summary>The blob from byte <paramref name="offset"/> on; throws <see cref="FileNotFoundException"/> when it is missing.</summary>
    Task<Stream> OpenReadAsync(string key, long offset, CancellationToken cancellationToken);

    /// <summary>Removes a blob; a missing one is no error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The blobs whose keys start with <paramref name="prefix"/>.</summary>
    IAsyncEnumerable<StoredBlob> ListAsync(string prefix, CancellationToken cancellationToken = default);
}

/// <summary>A blob being written. Disposed without <see cref="CommitAsync"/> (a failed or cut-off upload), it leaves nothing behind.</summary>
public interface IBlobWrite : IAsyncDisposable
{
    Stream Content { get; }

    /// <summary>Makes the blob durable and visible under its key.</summary>
    Task CommitAsync(CancellationToken cancellationToken);
}

public sealed record StoredBlob(string Key, DateTimeOffset LastModified);
