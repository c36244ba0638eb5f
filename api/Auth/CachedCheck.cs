using Journal.GrainInterfaces.Accounts;
using Journal.GrainInterfaces.Limits;

namespace Journal.Api.Auth;

/// <summary>
/// One session's check as the account grain answered it, and the requests of the user's allowance the
/// node took with it (for bucket <paramref name="shape"/>), handed out one per request.
/// </summary>
public sealed class CachedCheck(AccessCheck check, DateTimeOffset checkedAt, BucketShape? shape, int requests)
{
    private int _requests = requests;

    /// <summary>The account grain's answer.</summary>
    public AccessCheck Check => check;

    /// <summary>Still usable at <paramref name="now"/> for a request counted against <paramref name="quota"/>.</summary>
    public bool IsCurrent(DateTimeOffset now, BucketShape? quota, ClusterMembershipSnapshot cluster) =>
        IsYoung(now) && now < check.SessionExpiresAt && (quota is null || quota == shape)
        && cluster.GetSiloStatus(check.CheckedOn) == SiloStatus.Active;

    public bool IsYoung(DateTimeOffset now) => now - checkedAt < AccessCache.MaxAge;

    /// <summary>
    /// The check for one more request: without a quota as it is, with one of the requests taken in
    /// advance; null when none is left.
    /// </summary>
    public AccessCheck? TryTake(BucketShape? quota)
    {
        if (quota is null) return check with { Quota = null };
        int left;
        do
        {
            left = Volatile.Read(ref _requests);
            if (left <= 0) return null;
        } while (Interlocked.CompareExchange(ref _requests, left - 1, left) != left);
        // What the user has left: the bucket when the node took its share, and the share not yet used.
        return check with { Quota = new QuotaTake(1, check.Quota!.Remaining + left - 1, TimeSpan.Zero) };
    }

    /// <summary>Takes back the requests not handed out, for a new check of the same bucket; none for another.</summary>
    public int DrainFor(BucketShape? quota) => quota is not null && quota == shape ? Math.Max(0, Interlocked.Exchange(ref _requests, 0)) : 0;
}
