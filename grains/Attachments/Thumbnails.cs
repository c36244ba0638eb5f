using SkiaSharp;

namespace Journal.Grains.Attachments;

/// <summary>
/// A JPEG of at most <see cref="MaxSide"/> pixels a side for an image attachment. The codec decodes the
/// image already scaled down where its format allows (JPEG by eighths, WebP to any size), so memory follows
/// the thumbnail's size rather than the image's; an image whose decoded size would pass
/// <see cref="MaxDecodedPixels"/> anyway (a huge PNG or GIF) gets no thumbnail.
/// </summary>
public static class Thumbnails
{
    public const int MaxSide = 256;
    public const string MediaType = "image/jpeg";

    /// <summary>At most 16 megapixels (64 MB of RGBA) decoded for one thumbnail.</summary>
    public const long MaxDecodedPixels = 16L * 1024 * 1024;

    /// <summary>The thumbnail's JPEG bytes, or null when the image cannot be decoded within the bounds.</summary>
    public static byte[]? Create(Stream image)
    {
        using var codec = SKCodec.Create(image);
        if (codec is null) return null;
        var size = codec.Info.Size;
        var scale = Math.Min(1f, (float)MaxSide / Math.Max(size.Width, size.Height));
        var width = Math.Max(1, (int)Math.Round(size.Width * scale));
        var height = Math.Max(1, (int)Math.Round(size.Height * scale));
        // The codec rounds a scale to one it supports (JPEG: eighths), maybe below the thumbnail: ask for more until it is not.
        var decoded = codec.GetScaledDimensions(scale);
        for (var ask = scale; (decoded.Width < width || decoded.Height < height) && ask < 1f; decoded = codec.GetScaledDimensions(ask))
            ask = Math.Min(1f, ask * 2);
        if ((long)decoded.Width * decoded.Height > MaxDecodedPixels) return null;

        using var bitmap = new SKBitmap(new SKImageInfo(decoded.Width, decoded.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var result = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput)) return null;

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        // JPEG has no transparency: transparent pixels become white, as on a page.
        surface.Canvas.Clear(SKColors.White);
        using var source = SKImage.FromBitmap(bitmap);
        surface.Canvas.DrawImage(source, new SKRect(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var thumbnail = surface.Snapshot();
        using var jpeg = thumbnail.Encode(SKEncodedImageFormat.Jpeg, 80);
        return jpeg?.ToArray();
    }
}
