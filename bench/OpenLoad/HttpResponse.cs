using System.Globalization;
using System.Text;

namespace Journal.Bench.OpenLoad;

/// <summary>
/// Reads an HTTP/1.1 response far enough to know its status and whether all of it has arrived (by
/// Content-Length or chunked encoding); the body itself is not looked at.
/// </summary>
internal static class HttpResponse
{
    private static ReadOnlySpan<byte> LineEnd => "\r\n"u8;

    /// <summary>Whether <paramref name="received"/> holds a whole response; if so, its status and whether the server closes.</summary>
    /// <exception cref="FormatException">It is not an HTTP/1.x response.</exception>
    public static bool TryRead(ReadOnlySpan<byte> received, out int status, out bool close)
    {
        (status, close) = (0, false);
        var headEnd = received.IndexOf("\r\n\r\n"u8);
        if (headEnd < 0) return false;
        var (contentLength, chunked) = ReadHead(received[..(headEnd + LineEnd.Length)], out status, out close);
        var body = received[(headEnd + 2 * LineEnd.Length)..];
        if (!chunked) return body.Length >= contentLength;
        while (true) // chunks: a hexadecimal size line, that many bytes, CRLF; the last has size 0 and no trailers here
        {
            var sizeEnd = body.IndexOf(LineEnd);
            if (sizeEnd < 0) return false;
            var sizeText = body[..sizeEnd];
            if (sizeText.IndexOf((byte)';') is var extension and >= 0) sizeText = sizeText[..extension];
            var size = int.Parse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            body = body[(sizeEnd + LineEnd.Length)..];
            if (body.Length < size + LineEnd.Length) return false;
            if (size == 0) return true;
            body = body[(size + LineEnd.Length)..];
        }
    }

    // The status line's code, and the headers that decide where the response ends and whether the connection stays open.
    private static (int ContentLength, bool Chunked) ReadHead(ReadOnlySpan<byte> head, out int status, out bool close)
    {
        var lineEnd = head.IndexOf(LineEnd);
        var statusLine = head[..lineEnd]; // HTTP/1.1 200 OK
        if (!statusLine.StartsWith("HTTP/1."u8) || statusLine.Length < 12 || !int.TryParse(statusLine.Slice(9, 3), CultureInfo.InvariantCulture, out status))
            throw new FormatException($"Not an HTTP/1.x response: {Encoding.ASCII.GetString(statusLine)}");
        var (contentLength, chunked) = (0, false);
        close = false;
        for (var rest = head[(lineEnd + LineEnd.Length)..]; rest.Length > 0;)
        {
            var end = rest.IndexOf(LineEnd);
            var line = rest[..end];
            rest = rest[(end + LineEnd.Length)..];
            var colon = line.IndexOf((byte)':');
            if (colon < 0) continue;
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8)) contentLength = int.Parse(value, CultureInfo.InvariantCulture);
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8)) chunked = Ascii.EqualsIgnoreCase(value, "chunked"u8);
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8)) close = Ascii.EqualsIgnoreCase(value, "close"u8);
        }
        return (contentLength, chunked);
    }
}
