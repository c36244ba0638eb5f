namespace Journal.Grains.Attachments;

/// <summary>
/// Names a file's type from its first bytes (its magic number), so a client's Content-Type cannot pass
/// off another kind of file as an image or a PDF.
/// </summary>
public static class FileTypes
{
    /// <summary>Enough of a file's start to tell every accepted type (WebP needs 12 bytes).</summary>
    public const int HeadLength = 12;

    /// <summary>The media type the bytes start like, or null for any other kind of file.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8)) return "image/gif";
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        if (head.StartsWith("%PDF-"u8)) return "application/pdf";
        return null;
    }

    public static bool IsImage(string mediaType) => mediaType.StartsWith("image/", StringComparison.Ordinal);
}
