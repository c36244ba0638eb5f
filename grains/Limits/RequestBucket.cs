using System.Threading.RateLimiting;
using Journal.GrainInterfaces.Limits;

namespace Journal.Grains.Limits;

/// <summary>
/// One caller's token bucket (System.Threading.RateLimiting's), held in a grain's memory: refilled by
/// elapsed time at each take rather than by a timer, so an idle caller costs nothing; a bucket lost with
/// its activation starts full again. Used by the grain that owns the caller: the account grain for a
/// signed-in user (taken with the session check), <see cref="RequestQuotaGrain"/> for an address.
/// No timer runs (no auto-replenishment) and nothing queues, so a bucket holds nothing to dispose.
/// </summary>
public sealed class RequestBucket
{
    private TokenBucketRateLimiter? _bucket;
    private BucketShape? _shape;

    /// <summary>
    /// Takes up to <paramref name="upTo"/> requests from a bucket of <paramref name="shape"/>: as many as
    /// it holds, at least one, or none (refused) when it is empty.
    /// </summary>
    public QuotaTake Take(BucketShape shape, int upTo = 1)
    {
        if (_bucket is null || _shape != shape)
        {
            // A changed limit (configuration) starts a new, full bucket.
            _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = shape.TokenLimit,
                TokensPerPeriod = shape.TokensPerPeriod,
                ReplenishmentPeriod = shape.Period,
                QueueLimit = 0,
                AutoReplenishment = false,
            });
            _shape = shape;
        }
        _bucket.TryReplenish();
        var take = (int)Math.Clamp(_bucket.GetStatistics()?.CurrentAvailablePermits ?? 0, 1, Math.Max(1, upTo));
        using var lease = _bucket.AttemptAcquire(take);
        var remaining = _bucket.GetStatistics()?.CurrentAvailablePermits ?? 0;
        return lease.IsAcquired
            ? new QuotaTake(take, remaining, TimeSpan.Zero)
            : new QuotaTake(Granted: 0, remaining, lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : shape.Period);
    }
}
