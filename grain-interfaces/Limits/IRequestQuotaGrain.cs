namespace Journal.GrainInterfaces.Limits;

/// <summary>
/// An anonymous caller's request allowance (key: "address:…"), a token bucket counted once for the
/// whole cluster, so that alternating nodes does not multiply it. A signed-in user's is taken by
/// <see cref="Accounts.IUserGrain.CheckAccessAsync"/>.
/// </summary>
[Alias("journal.IRequestQuotaGrain")]
public interface IRequestQuotaGrain : IGrainWithStringKey
{
    /// <summary>Takes one request from a bucket of <paramref name="shape"/>.</summary>
    [Alias("Take")]
    Task<QuotaTake> TakeAsync(BucketShape shape);
}

/// <summary>A bucket holding <paramref name="TokenLimit"/> requests, refilled by <paramref name="TokensPerPeriod"/> every <paramref name="Period"/>.</summary>
[GenerateSerializer, Immutable, Alias("journal.BucketShape")]
public sealed record BucketShape(int TokenLimit, int TokensPerPeriod, TimeSpan Period);

/// <summary>Whether the request was let through, what is left, and (when refused) how long to wait.</summary>
[GenerateSerializer, Immutable, Alias("journal.QuotaTake")]
public sealed record QuotaTake(bool Acquired, long Remaining, TimeSpan RetryAfter);
