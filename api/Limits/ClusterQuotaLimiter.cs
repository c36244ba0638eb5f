using System.Threading.RateLimiting;
using Journal.Api.Auth;
using Journal.GrainInterfaces.Limits;

namespace Journal.Api.Limits;

/// <summary>
/// ASP.NET Core's rate limiter over the cluster's buckets, so every node counts against the same
/// allowance: a signed-in user's request was taken from their account grain by the session check
/// (<see cref="RequestAccess.QuotaTakenBy"/>), an anonymous one takes from its address's
/// <see cref="IRequestQuotaGrain"/>. A request let
/// through gets the quota headers when its response starts (so they survive an exception handler
/// clearing the response); a refused one gets them from the limiter's OnRejected.
/// </summary>
internal sealed class ClusterQuotaLimiter(IGrainFactory grains, Func<HttpContext, Quota?> quotaOf) : PartitionedRateLimiter<HttpContext>
{
    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    // The bucket is a grain call away: nothing is decided synchronously, and the middleware then asks
    // AcquireAsync, which alone works out the request's quota (once per request).
    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) => QuotaLease.Undecided;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
    {
        if (quotaOf(resource) is not { } quota) return QuotaLease.Acquired;
        var take = quota.Name == Quota.PerUser
            ? RequestAccess.QuotaTakenBy(resource) ?? throw new InvalidOperationException("A signed-in request reached the rate limiter without its session check's quota.")
            : await grains.GetGrain<IRequestQuotaGrain>(quota.PartitionKey).TakeAsync(quota.Bucket());
        if (!take.Acquired) return new QuotaLease(false, take.RetryAfter);
        resource.Response.OnStarting(() =>
        {
            QuotaHeaders.Set(resource.Response, quota, take.Remaining, quota.SecondsUntilFull(take.Remaining));
            return Task.CompletedTask;
        });
        return QuotaLease.Acquired;
    }

    private sealed class QuotaLease(bool isAcquired, TimeSpan retryAfter) : RateLimitLease
    {
        public static readonly QuotaLease Acquired = new(true, TimeSpan.Zero);

        public static readonly QuotaLease Undecided = new(false, TimeSpan.Zero);

        public override bool IsAcquired => isAcquired;

        public override IEnumerable<string> MetadataNames => isAcquired ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return !isAcquired && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
