using System.Text;
using SkiaSharp;

namespace Journal.Tests.Attachments;

/// <summary>Small real files of each accepted type, made for the tests.</summary>
public static class AttachmentFiles
{
    public static byte[] Image(SKEncodedImageFormat format, int width = 640, int height = 400)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.SkyBlue);
            using var paint = new SKPaint { Color = SKColors.DarkGreen };
            canvas.DrawCircle(width / 2f, height / 2f, height / 3f, paint);
        }
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>A 1×1 GIF89a (Skia decodes GIF but does not write it).</summary>
    public static byte[] Gif() => Convert.FromHexString("47494638396101000100800000000000FFFFFF21F90401000000002C00000000010001000002024401003B");

    /// <summary>A PDF-looking file of <paramref name="length"/> bytes whose every byte is known: byte i is i % 251.</summary>
    public static byte[] Pdf(int length = 200_000)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++) bytes[i] = (byte)(i % 251);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);
}
