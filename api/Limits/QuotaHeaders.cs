using System.Globalization;

namespace Journal.Api.Limits;

/// <summary>
/// The caller's quota on every response the rate limiter counted, in the fields of the IETF draft
/// "RateLimit header fields for HTTP" (draft-ietf-httpapi-ratelimit-headers):
/// <c>RateLimit-Policy: "per-user";q=600;w=60</c> (the allowance per window of seconds) and
/// <c>RateLimit: "per-user";r=599;t=1</c> (what remains, and the seconds until the allowance is whole again).
/// </summary>
public static class QuotaHeaders
{
    public const string RateLimit = "RateLimit";
    public const string RateLimitPolicy = "RateLimit-Policy";

    /// <summary>The window the allowance is counted over: a minute's worth of tokens, refilled over a minute.</summary>
    public const int WindowSeconds = 60;

    public static void Set(HttpResponse response, Quota quota, long remaining, int resetSeconds)
    {
        response.Headers[RateLimitPolicy] = string.Create(CultureInfo.InvariantCulture, $"\"{quota.Name}\";q={quota.Limit};w={WindowSeconds}");
        response.Headers[RateLimit] = string.Create(CultureInfo.InvariantCulture, $"\"{quota.Name}\";r={remaining};t={resetSeconds}");
    }
}
