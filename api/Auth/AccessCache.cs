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
        var user = _users.GetOrAdd(userId, static _ => new UserChecks());
        while (true)
        {
            if (user.Sessions.TryGetValue(sessionId, out var cached) && cached.IsCurrent(time.GetUtcNow(), quota, membership.CurrentSnapshot)
                && cached.TryTake(quota) is { } access) return access;

            if (await RefreshAsync(user, userId, sessionId, quota) is not { } fresh) return null;
            if (fresh.TryTake(quota) is { } answer) return answer;
            // The bucket refused: this request is refused too. Otherwise the requests that shared the
            // refresh took its share first, and this one asks again.
            if (fresh.Check.Quota is { Acquired: false }) return fresh.Check;
        }
    }

    /// <summary>
    /// Asks the account grain, once for all requests of the session that missed together: each miss
    /// asking on its own would borrow a share of the allowance apiece and keep only the last.
    /// </summary>
    private async Task<CachedCheck?> RefreshAsync(UserChecks user, Guid userId, Guid sessionId, BucketShape? quota)
    {
        var key = (sessionId, quota);
        if (user.Refreshing.TryGetValue(key, out var pending)) return await pending;
        var mine = new TaskCompletionSource<CachedCheck?>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending = user.Refreshing.GetOrAdd(key, mine.Task);
        if (pending != mine.Task) return await pending;
        try
        {
            mine.SetResult(await AskAsync(user, userId, sessionId, quota));
        }
        catch (Exception e)
        {
            mine.SetException(e);
        }
        finally
        {
            user.Refreshing.TryRemove(new KeyValuePair<(Guid, BucketShape?), Task<CachedCheck?>>(key, mine.Task));
        }
        return await mine.Task;
    }

    private async Task<CachedCheck?> AskAsync(UserChecks user, Guid userId, Guid sessionId, BucketShape? quota)
    {
        var now = time.GetUtcNow();
        var check = await grains.GetGrain<IUserGrain>(userId).CheckAccessAsync(sessionId, quota, Reference);
        if (check is null)
        {
            user.Sessions.TryRemove(sessionId, out _);
            return null;
        }
        // The new answer takes over the requests the one it replaces has not handed out.
        var replaced = user.Sessions.GetValueOrDefault(sessionId);
        var fresh = new CachedCheck(check, now, quota, (check.Quota?.Granted ?? 0) + (replaced?.DrainFor(quota) ?? 0));
        // An answer that raced a forget may predate the change: it serves the requests that asked for it only.
        if (_users.TryGetValue(userId, out var current) && ReferenceEquals(current, user)) user.Sessions[sessionId] = fresh;
        return fresh;
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

        // The account grain's answer that requests of a session are waiting for, by the bucket they take from.
        public readonly ConcurrentDictionary<(Guid Session, BucketShape? Quota), Task<CachedCheck?>> Refreshing = new();
    }
}
