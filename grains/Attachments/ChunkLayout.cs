using System.Buffers.Binary;

namespace Journal.Grains.Attachments;

/// <summary>
/// How a file is laid out at rest: 64 KiB chunks of plaintext, each sealed with AES-GCM as its ciphertext
/// followed by its 16-byte tag. A byte range of the file is read by opening only the chunks it covers.
/// </summary>
public static class ChunkLayout
{
    public const int PlainChunkSize = 64 * 1024;
    public const int TagSize = 16;
    public const int NonceSize = 12;
    public const int SealedChunkSize = PlainChunkSize + TagSize;

    public static long ChunkCount(long plainLength) => Math.Max(1, (plainLength + PlainChunkSize - 1) / PlainChunkSize);

    public static long SealedLength(long plainLength) => plainLength + ChunkCount(plainLength) * TagSize;

    public static long ChunkOf(long plainOffset) => plainOffset / PlainChunkSize;

    /// <summary>Where chunk <paramref name="chunk"/> starts in the stored blob.</summary>
    public static long SealedOffset(long chunk) => chunk * SealedChunkSize;

    /// <summary>How many plaintext bytes chunk <paramref name="chunk"/> of a file of <paramref name="plainLength"/> bytes holds.</summary>
    public static int PlainLengthOf(long chunk, long plainLength) => (int)Math.Min(PlainChunkSize, plainLength - chunk * PlainChunkSize);

    public static bool IsLast(long chunk, long plainLength) => chunk == ChunkCount(plainLength) - 1;

    /// <summary>
    /// The nonce of a chunk: its index and whether it is the last one. Each blob has a key of its own, so
    /// nonces never repeat under a key; a chunk moved to another place, or a file cut after a full chunk
    /// (whose last chunk then lacks the final flag), fails authentication.
    /// </summary>
    public static void Nonce(long chunk, bool last, Span<byte> nonce)
    {
        BinaryPrimitives.WriteInt64BigEndian(nonce, chunk);
        BinaryPrimitives.WriteInt32BigEndian(nonce[8..], last ? 1 : 0);
    }
}
