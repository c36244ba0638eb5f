using System.Buffers.Text;
using System.Text;
using Journal.GrainInterfaces;

namespace Journal.Grains.Storage;

/// <summary>
/// Opaque list cursors: the sort key of the last item returned, base64url-encoded. Clients treat
/// them as opaque; a cursor that does not decode is the client's error (400 naming "cursor").
/// </summary>
internal static class Cursor
{
    public static string Encode(params string[] parts) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('|', parts)));

    public static string[] Decode(string cursor, int parts)
    {
        try
        {
            var values = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split('|');
            if (values.Length == parts) return values;
        }
        catch (FormatException)
        {
        }
        throw new DomainValidationException("cursor", "The cursor is not one this list returned.");
    }

    /// <summary>An instant stored as UTC ticks; out-of-range ticks are a bad cursor, not a crash.</summary>
    public static DateTimeOffset ParseInstant(string value)
    {
        var ticks = Parse<long>(value);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
            throw new DomainValidationException("cursor", "The cursor is not one this list returned.");
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    public static T Parse<T>(string value) where T : IParsable<T> =>
        T.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new DomainValidationException("cursor", "The cursor is not one this list returned.");
}
