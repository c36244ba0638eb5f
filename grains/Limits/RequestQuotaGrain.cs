using Journal.GrainInterfaces.Limits;

namespace Journal.Grains.Limits;

/// <summary>
/// One anonymous caller's allowance (key "address:…"), in memory: one activation in the cluster counts
/// every node's requests. A signed-in user's allowance is taken by their account grain with the session
/// check instead (one call per request, not two).
/// </summary>
[GrainType(GrainTypes.RequestQuota)]
public sealed class RequestQuotaGrain : Grain, IRequestQuotaGrain
{
    private readonly RequestBucket _bucket = new();

    public Task<QuotaTake> TakeAsync(BucketShape shape) => Task.FromResult(_bucket.Take(shape));
}
