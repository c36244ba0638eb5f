using System.Security.Cryptography;
using System.Text;
using Journal.Grains.Attachments;

namespace Journal.Tests.Attachments;

/// <summary>The pure rules under attachments: type sniffing, the chunk layout and the sealed chunk stream.</summary>
public sealed class AttachmentRulesTests
{
    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 }, "image/jpeg")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D }, "image/png")]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x37, 0x61, 1, 0 }, "image/gif")]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0 }, "image/gif")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50 }, "image/webp")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37 }, "application/pdf")]
    public void Sniffing_names_each_accepted_type_from_its_magic_bytes(byte[] head, string expected) => Assert.Equal(expected, FileTypes.Sniff(head));

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A })] // PNG signature cut short
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x41, 0x56, 0x45 })] // RIFF, but WAVE audio
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x38, 0x61 })] // GIF88a does not exist
    [InlineData(new byte[] { 0x3C, 0x73, 0x76, 0x67 })] // <svg: scriptable, refused
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04 })] // zip
    [InlineData(new byte[] { })]
    public void Sniffing_refuses_everything_else(byte[] head) => Assert.Null(FileTypes.Sniff(head));

    [Fact]
    public void The_layout_maps_offsets_to_chunks_and_counts_one_tag_per_chunk()
    {
        const int chunk = ChunkLayout.PlainChunkSize;
        Assert.Equal(1, ChunkLayout.ChunkCount(1));
        Assert.Equal(1, ChunkLayout.ChunkCount(chunk));
        Assert.Equal(2, ChunkLayout.ChunkCount(chunk + 1));
        Assert.Equal(chunk + 1 + 2 * ChunkLayout.TagSize, ChunkLayout.SealedLength(chunk + 1));
        Assert.Equal(0, ChunkLayout.ChunkOf(chunk - 1));
        Assert.Equal(1, ChunkLayout.ChunkOf(chunk));
        Assert.Equal(ChunkLayout.SealedChunkSize * 3L, ChunkLayout.SealedOffset(3));
        Assert.Equal(1, ChunkLayout.PlainLengthOf(1, chunk + 1));
        Assert.True(ChunkLayout.IsLast(1, chunk + 1));
        Assert.False(ChunkLayout.IsLast(0, chunk + 1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(ChunkLayout.PlainChunkSize)]
    [InlineData(3 * ChunkLayout.PlainChunkSize + 17)]
    public async Task A_sealed_file_reads_back_whole_and_from_any_offset(int length)
    {
        var plain = RandomNumberGenerator.GetBytes(length);
        var key = RandomNumberGenerator.GetBytes(32);
        var sealedBytes = await SealAsync(plain, key);
        Assert.Equal(ChunkLayout.SealedLength(length), sealedBytes.Length);

        await using var whole = Open(sealedBytes, length, key);
        Assert.Equal(plain, await ReadAllAsync(whole));
        foreach (var offset in new[] { 0, length / 2, Math.Max(0, length - 5), Math.Min(length - 1, ChunkLayout.PlainChunkSize - 3) })
        {
            await using var part = Open(sealedBytes, length, key);
            part.Position = offset;
            Assert.Equal(plain[offset..], await ReadAllAsync(part));
        }
    }

    [Fact]
    public async Task The_sealed_bytes_do_not_hold_the_plaintext()
    {
        var plain = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("my private words ", 10_000)));
        var sealedBytes = await SealAsync(plain, RandomNumberGenerator.GetBytes(32));
        Assert.Equal(-1, sealedBytes.AsSpan().IndexOf("my private words"u8));
    }

    [Fact]
    public async Task A_changed_byte_a_cut_file_swapped_chunks_or_another_key_fail_to_open()
    {
        var length = 2 * ChunkLayout.PlainChunkSize + 100;
        var plain = RandomNumberGenerator.GetBytes(length);
        var key = RandomNumberGenerator.GetBytes(32);
        var sealedBytes = await SealAsync(plain, key);

        var flipped = (byte[])sealedBytes.Clone();
        flipped[ChunkLayout.SealedChunkSize + 10] ^= 1;
        await Assert.ThrowsAnyAsync<CryptographicException>(() => ReadAllAsync(Open(flipped, length, key)));

        // Cut after two full chunks: the second chunk was not sealed as the last one.
        var cut = sealedBytes[..(2 * ChunkLayout.SealedChunkSize)];
        await Assert.ThrowsAnyAsync<CryptographicException>(() => ReadAllAsync(Open(cut, 2 * ChunkLayout.PlainChunkSize, key)));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => ReadAllAsync(Open(cut, length, key)));

        var swapped = (byte[])sealedBytes.Clone();
        sealedBytes.AsSpan(0, ChunkLayout.SealedChunkSize).CopyTo(swapped.AsSpan(ChunkLayout.SealedChunkSize));
        sealedBytes.AsSpan(ChunkLayout.SealedChunkSize, ChunkLayout.SealedChunkSize).CopyTo(swapped);
        await Assert.ThrowsAnyAsync<CryptographicException>(() => ReadAllAsync(Open(swapped, length, key)));

        await Assert.ThrowsAnyAsync<CryptographicException>(() => ReadAllAsync(Open(sealedBytes, length, RandomNumberGenerator.GetBytes(32))));
    }

    [Fact]
    public async Task Sealing_stops_once_the_source_passes_the_allowed_bytes()
    {
        var plain = new byte[5 * ChunkLayout.PlainChunkSize];
        var tooLarge = await Assert.ThrowsAsync<AttachmentTooLargeException>(() =>
            SealedWriter.SealAsync(ReadOnlyMemory<byte>.Empty, new MemoryStream(plain), Stream.Null, RandomNumberGenerator.GetBytes(32), plain.Length - 1, default));
        Assert.Equal(plain.Length - 1, tooLarge.AllowedBytes);
        Assert.Equal(plain.Length, await SealedWriter.SealAsync(plain.AsMemory(0, 3), new MemoryStream(plain, 3, plain.Length - 3), Stream.Null,
            RandomNumberGenerator.GetBytes(32), plain.Length, default));
    }

    private static async Task<byte[]> SealAsync(byte[] plain, byte[] key)
    {
        var destination = new MemoryStream();
        Assert.Equal(plain.Length, await SealedWriter.SealAsync(ReadOnlyMemory<byte>.Empty, new MemoryStream(plain), destination, key, plain.Length, default));
        return destination.ToArray();
    }

    private static SealedReadStream Open(byte[] sealedBytes, long length, byte[] key) =>
        new((offset, _) => Task.FromResult<Stream>(new MemoryStream(sealedBytes) { Position = offset }), length, key);

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
