using System.Globalization;

namespace Journal.Api.Limits;

/// <summary>
/// The Retry-After header (RFC 9110 §10.2.3) as every refusal sends it: whole seconds, rounded up and at
/// least 1, so a client that waits that long is not refused again for the same reason.
/// </summary>
public static class RetryAfter
{
    public static int Seconds(TimeSpan wait) => (int)Math.Max(1, Math.Ceiling(wait.TotalSeconds));

    public static void Set(HttpResponse response, TimeSpan wait) => response.Headers.RetryAfter = Seconds(wait).ToString(CultureInfo.InvariantCulture);
}
