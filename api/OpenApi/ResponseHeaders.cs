using Journal.Api.Auth;
using Journal.Api.Limits;
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
            Description = "Seconds to wait before trying again. Sent with the rate limit's and the login throttle's 429 and with 503; a daily quota's 429 says when it resets in its detail.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = ((int)LoginThrottle.Window.TotalSeconds).ToString() },
        };
    }

    private static OpenApiSchema QuotaField(string pattern) => new() { Type = JsonSchemaType.String, MaxLength = QuotaFieldLength, Pattern = pattern };
}
