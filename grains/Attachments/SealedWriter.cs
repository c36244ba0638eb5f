using System.Buffers;
using System.Security.Cryptography;

namespace Journal.Grains.Attachments;

/// <summary>A file is larger than the bytes allowed for it (the file limit, or what is left of the quota).</summary>
public sealed class AttachmentTooLargeException(long allowedBytes) : Exception($"The file is larger than {allowedBytes} bytes.")
{
    public long AllowedBytes { get; } = allowedBytes;
}

/// <summary>
/// Seals a stream of plaintext chunk by chunk (<see cref="ChunkLayout"/>) into a destination, holding two
/// pooled chunk buffers and one sealed one whatever the file's size: a 50 MB upload never sits in memory.
/// </summary>
public static class SealedWriter
{
    /// <summary>
    /// Seals <paramref name="head"/> (bytes already read from the source) and the rest of <paramref name="source"/>;
    /// returns the plaintext length, or throws <see cref="AttachmentTooLargeException"/> once more than
    /// <paramref name="maxBytes"/> came, having read at most one chunk beyond it.
    /// </summary>
    public static async Task<long> SealAsync(ReadOnlyMemory<byte> head, Stream source, Stream destination, byte[] key, long maxBytes, CancellationToken cancellationToken)
    {
        var current = ArrayPool<byte>.Shared.Rent(ChunkLayout.PlainChunkSize);
        var next = ArrayPool<byte>.Shared.Rent(ChunkLayout.PlainChunkSize);
        var sealedChunk = ArrayPool<byte>.Shared.Rent(ChunkLayout.SealedChunkSize);
        try
        {
            using var aes = new AesGcm(key, ChunkLayout.TagSize);
            var nonce = new byte[ChunkLayout.NonceSize];
            head.CopyTo(current);
            var length = head.Length + await FillAsync(source, current.AsMemory(head.Length, ChunkLayout.PlainChunkSize - head.Length), cancellationToken);
            long total = 0;
            for (long chunk = 0; ; chunk++)
            {
                // A chunk is the last one when the source ends within it or right after it: read ahead to know.
                var nextLength = length < ChunkLayout.PlainChunkSize ? 0 : await FillAsync(source, next.AsMemory(0, ChunkLayout.PlainChunkSize), cancellationToken);
                var last = nextLength == 0;
                total += length;
                if (total > maxBytes) throw new AttachmentTooLargeException(maxBytes);
                ChunkLayout.Nonce(chunk, last, nonce);
                aes.Encrypt(nonce, current.AsSpan(0, length), sealedChunk.AsSpan(0, length), sealedChunk.AsSpan(length, ChunkLayout.TagSize));
                await destination.WriteAsync(sealedChunk.AsMemory(0, length + ChunkLayout.TagSize), cancellationToken);
                if (last) return total;
                (current, next) = (next, current);
                length = nextLength;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
            ArrayPool<byte>.Shared.Return(sealedChunk);
        }
    }

    private static async Task<int> FillAsync(Stream source, Memory<byte> buffer, CancellationToken cancellationToken) =>
        await source.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
}
