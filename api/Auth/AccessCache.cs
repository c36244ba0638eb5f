using System.Collections.Concurrent;
using Journal.GrainInterfaces.Accounts;
using Journal.GrainInterfaces.Limits;

namespace Journal.Api.Auth;

/// <summary>
/// This node's memory of session checks: a request of a session checked here recently is answered
/// without a call to the account grain, and takes its quota from requests the node took from the
/// user's allowance in advance (<see cref="BucketShape.NodeLease"/>). It stays right because the account
/// grain has the node forget the user (<see cref="IAccessCacheNode"/>) before a revocation or a change
/// of what it answered is acknowledged, and when it deactivates; an answer is used only while the silo
/// that gave it is active, and for <see cref="MaxAge"/> at most.
/// </summary>
public sealed class AccessCache(IGrainFactory grains, IClusterMembershipService membership, TimeProvider time) : IAccessCacheNode
{
    /// <summary>How long an answer is used at most: bounds what a node keeps that the account grain could not reach.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    // Forgetting a user replaces their entry, so an answer that was on its way meanwhile is recognised as older.
    private readonly ConcurrentDictionary<Guid, UserChecks> _users = new();
    private IAccessCacheNode? _reference;

    // One object reference for the node's lifetime (the runtime holds observers weakly; this singleton keeps it alive).
    private IAccessCacheNode Reference => _reference ??= grains.CreateObjectReference<IAccessCacheNode>(this);

    /// <summary>
    /// The check of <paramref name="sessionId"/> (null when it is not a live session of <paramref name="userId"/>),
    /// with one request taken from a bucket of <paramref name="quota"/> when given.
    /// </summary>
    public async ValueTask<AccessCheck?> CheckAsync(Guid userId, Guid sessionId, BucketShape? quota)
    {
        var now = time.GetUtcNow();
        var user = _users.GetOrAdd(userId, static _ => new UserChecks());
        user.Sessions.TryGetValue(sessionId, out var cached);
        if (cached is not null && cached.IsCurrent(now, quota, membership.CurrentSnapshot) && cached.TryTake(quota) is { } access) return access;

        var check = await grains.GetGrain<IUserGrain>(userId).CheckAccessAsync(sessionId, quota, Reference);
        if (check is null)
        {
            user.Sessions.TryRemove(sessionId, out _);
            return null;
        }
        var fresh = new CachedCheck(check, now, quota, (check.Quota?.Granted ?? 0) + (cached?.DrainFor(quota) ?? 0));
        var answer = fresh.TryTake(quota) ?? check;
        // An answer that raced a forget may predate the change: it serves this request only.
        if (_users.TryGetValue(userId, out var current) && ReferenceEquals(current, user)) user.Sessions[sessionId] = fresh;
        return answer;
    }

    public Task ForgetAsync(Guid userId)
    {
        _users.TryRemove(userId, out _);
        return Task.CompletedTask;
    }

    /// <summary>Drops the users none of whose answers is young enough to be used (what a forget would do).</summary>
    public void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (userId, user) in _users)
            if (user.Sessions.Values.All(check => !check.IsYoung(now)))
                _users.TryRemove(new KeyValuePair<Guid, UserChecks>(userId, user));
    }

    private sealed class UserChecks
    {
        public readonly ConcurrentDictionary<Guid, CachedCheck> Sessions = new();
    }
}
