using System.Collections.Immutable;
using System.Net;
using Journal.Api.Auth;
using Journal.GrainInterfaces.Accounts;
using Journal.GrainInterfaces.Limits;
using Journal.Grains.Limits;
using Orleans.Runtime;

namespace Journal.Tests.Accounts;

/// <summary>
/// A node's memory of a session check on its own: when it may be used, and how it hands out the
/// requests the node took from the user's allowance; and the allowance's side, which lends them.
/// </summary>
public sealed class CachedCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly SiloAddress Silo = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);
    private static readonly BucketShape Shape = new(TokenLimit: 600, TokensPerPeriod: 10, Period: TimeSpan.FromSeconds(1));

    private static AccessCheck Check(QuotaTake? quota) => new(
        Guid.NewGuid(), ImmutableList.Create(Roles.User), new UserClock("Europe/Paris", 0, false, true), quota, Now.AddDays(30), Silo);

    private static ClusterMembershipSnapshot Cluster(SiloStatus status) => new(
        ImmutableDictionary<SiloAddress, ClusterMember>.Empty.Add(Silo, new ClusterMember(Silo, status, "node")), new MembershipVersion(3));

    [Fact]
    public void Hands_out_exactly_the_requests_taken_in_advance_counting_down_what_the_user_has_left()
    {
        var cached = new CachedCheck(Check(new QuotaTake(Granted: 3, Remaining: 500, TimeSpan.Zero)), Now, Shape, requests: 3);

        var remaining = Enumerable.Range(0, 3).Select(_ => cached.TryTake(Shape)!.Quota!.Remaining).ToList();

        Assert.Equal([502, 501, 500], remaining);
        Assert.Null(cached.TryTake(Shape));
    }

    [Fact]
    public void Concurrent_requests_never_take_more_than_were_taken_in_advance()
    {
        var cached = new CachedCheck(Check(new QuotaTake(Granted: 1000, Remaining: 0, TimeSpan.Zero)), Now, Shape, requests: 1000);

        var taken = 0;
        Parallel.For(0, 4000, _ => { if (cached.TryTake(Shape) is not null) Interlocked.Increment(ref taken); });

        Assert.Equal(1000, taken);
        Assert.Equal(0, cached.DrainFor(Shape));
    }

    [Fact]
    public void A_request_without_a_quota_takes_nothing()
    {
        var cached = new CachedCheck(Check(new QuotaTake(Granted: 1, Remaining: 10, TimeSpan.Zero)), Now, Shape, requests: 1);

        Assert.Null(cached.TryTake(quota: null)!.Quota);
        Assert.NotNull(cached.TryTake(Shape));
    }

    [Fact]
    public void Is_used_only_while_young_the_session_live_the_bucket_the_same_and_the_answering_silo_active()
    {
        var cached = new CachedCheck(Check(new QuotaTake(Granted: 5, Remaining: 10, TimeSpan.Zero)), Now, Shape, requests: 5);

        Assert.True(cached.IsCurrent(Now.AddSeconds(1), Shape, Cluster(SiloStatus.Active)));
        Assert.True(cached.IsCurrent(Now.AddSeconds(1), quota: null, Cluster(SiloStatus.Active)));
        Assert.False(cached.IsCurrent(Now + AccessCache.MaxAge, Shape, Cluster(SiloStatus.Active)));
        Assert.False(cached.IsCurrent(Now.AddSeconds(1), Shape with { TokenLimit = 5 }, Cluster(SiloStatus.Active)));
        Assert.False(cached.IsCurrent(Now.AddSeconds(1), Shape, Cluster(SiloStatus.ShuttingDown)));
        Assert.False(cached.IsCurrent(Now.AddSeconds(1), Shape, Cluster(SiloStatus.Dead)));
        Assert.False(cached.IsCurrent(Now.AddSeconds(1), Shape, new ClusterMembershipSnapshot(ImmutableDictionary<SiloAddress, ClusterMember>.Empty, new MembershipVersion(3))));

        var expiring = new CachedCheck(Check(null) with { SessionExpiresAt = Now.AddSeconds(5) }, Now, shape: null, requests: 0);
        Assert.True(expiring.IsCurrent(Now.AddSeconds(4), quota: null, Cluster(SiloStatus.Active)));
        Assert.False(expiring.IsCurrent(Now.AddSeconds(5), quota: null, Cluster(SiloStatus.Active)));
    }

    [Fact]
    public void Requests_not_handed_out_carry_over_only_to_a_check_of_the_same_bucket()
    {
        var cached = new CachedCheck(Check(new QuotaTake(Granted: 4, Remaining: 10, TimeSpan.Zero)), Now, Shape, requests: 4);
        cached.TryTake(Shape);

        Assert.Equal(0, cached.DrainFor(Shape with { TokenLimit = 60 }));
        Assert.Equal(3, cached.DrainFor(Shape));
        Assert.Equal(0, cached.DrainFor(Shape));
    }

    [Fact]
    public void The_allowance_lends_a_node_as_many_as_it_holds_up_to_the_lease_then_refuses()
    {
        var shape = new BucketShape(TokenLimit: 25, TokensPerPeriod: 1, Period: TimeSpan.FromMinutes(1));
        var bucket = new RequestBucket();

        Assert.Equal(2, shape.NodeLease);
        var granted = Enumerable.Range(0, 14).Select(_ => bucket.Take(shape, shape.NodeLease).Granted).ToList();

        Assert.Equal([.. Enumerable.Repeat(2, 12), 1, 0], granted);
        Assert.True(bucket.Take(shape, shape.NodeLease).RetryAfter > TimeSpan.Zero);
        Assert.Equal(1, new BucketShape(TokenLimit: 19, 1, TimeSpan.FromSeconds(3)).NodeLease);
    }
}
