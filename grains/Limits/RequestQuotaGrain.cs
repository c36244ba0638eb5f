using System.Threading.RateLimiting;
using Journal.GrainInterfaces.Limits;

namespace Journal.Grains.Limits;

/// <summary>
/// One caller's token bucket (System.Threading.RateLimiting's), in memory: one activation in the cluster
/// counts every node's requests. Refilled by elapsed time at each take rather than by a timer, so an
/// idle caller costs nothing; an activation that is collected or lost with its silo starts full again.
/// </summary>
[GrainType(GrainTypes.RequestQuota)]
public sealed class RequestQuotaGrain : Grain, IRequestQuotaGrain
{
    private TokenBucketRateLimiter? _bucket;
    private BucketShape? _shape;

    public Task<QuotaTake> TakeAsync(BucketShape shape)
    {
        if (_bucket is null || _shape != shape)
        {
            // A changed limit (configuration) starts a new, full bucket.
            _bucket?.Dispose();
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
        using var lease = _bucket.AttemptAcquire();
        var remaining = _bucket.GetStatistics()?.CurrentAvailablePermits ?? 0;
        return Task.FromResult(lease.IsAcquired
            ? new QuotaTake(Acquired: true, remaining, TimeSpan.Zero)
            : new QuotaTake(Acquired: false, remaining, lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : shape.Period));
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _bucket?.Dispose();
        return Task.CompletedTask;
    }
}
