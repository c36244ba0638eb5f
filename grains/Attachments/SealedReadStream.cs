using System.Buffers;
using System.Security.Cryptography;

namespace Journal.Grains.Attachments;

/// <summary>
/// The plaintext of a sealed blob as a seekable, read-only stream: a read opens the blob at the chunk
/// that holds the position (<see cref="ChunkLayout"/>) and decrypts one chunk at a time, so a range
/// request costs the chunks it covers and memory stays at two pooled chunk buffers. A tampered, moved,
/// or cut-off chunk throws <see cref="CryptographicException"/>.
/// </summary>
public sealed class SealedReadStream(Func<long, CancellationToken, Task<Stream>> openAt, long length, byte[] key) : Stream
{
    private readonly AesGcm _aes = new(key, ChunkLayout.TagSize);
    private byte[]? _plain = ArrayPool<byte>.Shared.Rent(ChunkLayout.PlainChunkSize);
    private byte[]? _sealed = ArrayPool<byte>.Shared.Rent(ChunkLayout.SealedChunkSize);
    private Stream? _blob;
    private long _blobChunk = -1; // the chunk the open blob stream is positioned at
    private long _bufferedChunk = -1;
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    // Seeking only moves the position; the blob is opened again at the next read if the chunk differs.
    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length || buffer.Length == 0) return 0;
        var chunk = ChunkLayout.ChunkOf(_position);
        if (chunk != _bufferedChunk) await LoadAsync(chunk, cancellationToken);
        var offset = (int)(_position - chunk * ChunkLayout.PlainChunkSize);
        var count = Math.Min(buffer.Length, ChunkLayout.PlainLengthOf(chunk, length) - offset);
        _plain.AsMemory(offset, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Image decoders read synchronously: they run on a pool thread of their own (Thumbnails), never on a request's.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };

    private async Task LoadAsync(long chunk, CancellationToken cancellationToken)
    {
        if (_blob is null || _blobChunk != chunk)
        {
            if (_blob is not null) await _blob.DisposeAsync();
            _blob = await openAt(ChunkLayout.SealedOffset(chunk), cancellationToken);
        }
        var plainLength = ChunkLayout.PlainLengthOf(chunk, length);
        var sealedChunk = _sealed.AsMemory(0, plainLength + ChunkLayout.TagSize);
        try
        {
            await _blob.ReadExactlyAsync(sealedChunk, cancellationToken);
        }
        catch (EndOfStreamException)
        {
            throw new CryptographicException("The stored file is shorter than its recorded size.");
        }
        _blobChunk = chunk + 1;
        Span<byte> nonce = stackalloc byte[ChunkLayout.NonceSize];
        ChunkLayout.Nonce(chunk, ChunkLayout.IsLast(chunk, length), nonce);
        _bufferedChunk = -1;
        _aes.Decrypt(nonce, sealedChunk.Span[..plainLength], sealedChunk.Span[plainLength..], _plain.AsSpan(0, plainLength));
        _bufferedChunk = chunk;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_blob is not null) await _blob.DisposeAsync();
        _blob = null;
        _aes.Dispose();
        if (_plain is not null) ArrayPool<byte>.Shared.Return(_plain);
        if (_sealed is not null) ArrayPool<byte>.Shared.Return(_sealed);
        _plain = _sealed = null;
        GC.SuppressFinalize(this);
    }
}
