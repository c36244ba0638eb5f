using System.Globalization;
using System.Threading.RateLimiting;

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

/// <summary>
/// The limiter in front of the token buckets: a request it lets through gets the quota headers when its
/// response starts (so they survive an exception handler clearing the response); a refused one gets them
/// from the limiter's OnRejected.
/// </summary>
internal sealed class QuotaReportingLimiter(PartitionedRateLimiter<HttpContext> buckets, Func<HttpContext, Quota?> quotaOf) : PartitionedRateLimiter<HttpContext>
{
    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => buckets.GetStatistics(resource);

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
        Reported(resource, buckets.AttemptAcquire(resource, permitCount));

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        Reported(resource, await buckets.AcquireAsync(resource, permitCount, cancellationToken));

    protected override void Dispose(bool disposing)
    {
        if (disposing) buckets.Dispose();
        base.Dispose(disposing);
    }

    protected override ValueTask DisposeAsyncCore() => buckets.DisposeAsync();

    private RateLimitLease Reported(HttpContext context, RateLimitLease lease)
    {
        if (lease.IsAcquired && quotaOf(context) is { } quota)
        {
            var remaining = buckets.GetStatistics(context)?.CurrentAvailablePermits ?? 0;
            context.Response.OnStarting(() =>
            {
                QuotaHeaders.Set(context.Response, quota, remaining, quota.SecondsUntilFull(remaining));
                return Task.CompletedTask;
            });
        }
        return lease;
    }
}
