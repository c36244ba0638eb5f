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
public sealed record BucketShape(int TokenLimit, int TokensPerPeriod, TimeSpan Period)
{
    /// <summary>
    /// How many requests a node that answers from memory takes at once: a tenth of the bucket, so a node
    /// that stops serving the caller strands at most that much, and a small allowance (under 20) is
    /// still counted request by request.
    /// </summary>
    public int NodeLease => Math.Max(1, TokenLimit / 10);
}

/// <summary>
/// How many requests were taken (<paramref name="Granted"/>; none when refused), what is left, and
/// (when refused) how long to wait.
/// </summary>
[GenerateSerializer, Immutable, Alias("journal.QuotaTake")]
public sealed record QuotaTake(int Granted, long Remaining, TimeSpan RetryAfter)
{
    public bool Acquired => Granted > 0;
}
