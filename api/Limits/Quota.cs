using Journal.GrainInterfaces.Limits;

namespace Journal.Api.Limits;

/// <summary>
/// A caller's allowance of requests: a bucket that holds a minute's allowance (bursts up to it pass)
/// and refills at exactly the allowance per minute: about once a second for large allowances, and one
/// token every 60/n seconds below 60 a minute (a limit of 3 a minute must not refill a token every second).
/// </summary>
/// <param name="Name">The policy's name in the RateLimit headers: <see cref="PerUser"/> or <see cref="PerAddress"/>.</param>
public sealed record Quota(string Name, string PartitionKey, int RequestsPerMinute)
{
    public const string PerUser = "per-user";
    public const string PerAddress = "per-address";

    public int Limit => Math.Max(1, RequestsPerMinute);

    private int TokensPerPeriod => Math.Max(1, Limit / 60);

    private TimeSpan ReplenishmentPeriod => TimeSpan.FromTicks(TimeSpan.TicksPerMinute * TokensPerPeriod / Limit);

    public BucketShape Bucket() => new(Limit, TokensPerPeriod, ReplenishmentPeriod);

    /// <summary>Whole seconds until a bucket holding <paramref name="remaining"/> tokens is full again.</summary>
    public int SecondsUntilFull(long remaining)
    {
        var missing = Math.Max(0, Limit - remaining);
        var periods = (missing + TokensPerPeriod - 1) / TokensPerPeriod;
        return (int)Math.Ceiling(periods * ReplenishmentPeriod.TotalSeconds);
    }
}
