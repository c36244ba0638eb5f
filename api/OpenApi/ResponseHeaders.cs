using System.Globalization;
using Journal.Api.Limits;
using Journal.Grains.Accounts;
using Journal.Grains.Community;
using Microsoft.OpenApi;

namespace Journal.Api.OpenApi;

/// <summary>The response headers the rate limiter, the login throttle and the busy answer send, as document components.</summary>
public static class ResponseHeaders
{
    public const string RetryAfter = "Retry-After";

    // A quoted policy name and a few numbers: "per-address";r=119;t=1.
    private const int QuotaFieldLength = 100;

    public static void AddTo(OpenApiComponents components)
    {
        components.Headers ??= new Dictionary<string, IOpenApiHeader>();
        components.Headers[QuotaHeaders.RateLimit] = new OpenApiHeader
        {
            Description = "What remains of the caller's quota (r, requests) and the seconds until it is whole again (t), e.g. \"per-user\";r=599;t=1 "
                + "(IETF draft RateLimit header fields). The quota is per signed-in user, or per IP address without a token.",
            Schema = QuotaField(@"^""per-(user|address)"";r=[0-9]+;t=[0-9]+$"),
        };
        components.Headers[QuotaHeaders.RateLimitPolicy] = new OpenApiHeader
        {
            Description = $"The caller's quota: q requests per window of w seconds, e.g. \"per-user\";q=600;w={QuotaHeaders.WindowSeconds}.",
            Schema = QuotaField(@"^""per-(user|address)"";q=[0-9]+;w=[0-9]+$"),
        };
        components.Headers[RetryAfter] = new OpenApiHeader
        {
            Description = "Seconds to wait before trying again: sent with every 429 (the rate limit, the login throttle, a daily quota) and with 503.",
            // The longest wait is a daily quota's (a day); the login throttle's window is shorter.
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1",
                Maximum = Limits.RetryAfter.Seconds(TimeSpan.FromTicks(Math.Max(LoginFailures.Window.Ticks, WriteQuota.Window.Ticks))).ToString(CultureInfo.InvariantCulture),
            },
        };
    }

    private static OpenApiSchema QuotaField(string pattern) => new() { Type = JsonSchemaType.String, MaxLength = QuotaFieldLength, Pattern = pattern };
}
