using System.Collections.Concurrent;

namespace Journal.Api.Auth;

/// <summary>
/// Slows password guessing: at most <see cref="MaxFailuresPerAccount"/> failed attempts per account
/// and <see cref="MaxFailuresPerAddress"/> per IP address within <see cref="Window"/>; beyond that,
/// attempts are refused (429 with Retry-After) until the oldest failure leaves the window. An attempt
/// is counted as failed when it starts and taken back when it succeeds, so parallel guesses cannot
/// slip past the limit while their hashes are being checked. Per node, in memory.
/// </summary>
public sealed class LoginThrottle(TimeProvider time)
{
    public const int MaxFailuresPerAccount = 5;
    public const int MaxFailuresPerAddress = 20;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    // Bounds memory under a flood of distinct names: every so many attempts, ended windows are dropped.
    private const int PruneEvery = 4_096;

    private readonly ConcurrentDictionary<string, List<DateTimeOffset>> _failures = new(StringComparer.Ordinal);
    private long _attempts;

    /// <summary>
    /// Starts an attempt for <paramref name="account"/> (a user id, or the login text when it names
    /// nobody) from <paramref name="address"/>: false with the wait when either limit is reached.
    /// </summary>
    public bool TryBegin(string account, string? address, out TimeSpan retryAfter, out DateTimeOffset startedAt)
    {
        startedAt = time.GetUtcNow();
        if (Interlocked.Increment(ref _attempts) % PruneEvery == 0) Prune(startedAt);
        if (!TryCount(AccountKey(account), MaxFailuresPerAccount, startedAt, out retryAfter)) return false;
        if (address is null || TryCount(AddressKey(address), MaxFailuresPerAddress, startedAt, out retryAfter)) return true;
        Uncount(AccountKey(account), startedAt);
        return false;
    }

    /// <summary>
    /// The attempt succeeded: its account's failures are forgotten, and the attempt no longer counts
    /// against its address (the address's other failures stay: one good password vouches for nobody else).
    /// </summary>
    public void Succeeded(string account, string? address, DateTimeOffset startedAt)
    {
        var key = AccountKey(account);
        if (_failures.TryGetValue(key, out var failures))
            lock (failures) _failures.TryRemove(KeyValuePair.Create(key, failures));
        if (address is not null) Uncount(AddressKey(address), startedAt);
    }

    private bool TryCount(string key, int limit, DateTimeOffset now, out TimeSpan retryAfter)
    {
        while (true)
        {
            var failures = _failures.GetOrAdd(key, _ => []);
            lock (failures)
            {
                // Removed (pruned, or cleared by a success) between the look-up and the lock: a count
                // added to it would be lost, so start again with the list now in the dictionary.
                if (!IsCurrent(key, failures)) continue;
                Expire(failures, now);
                if (failures.Count >= limit)
                {
                    retryAfter = failures[0] + Window - now;
                    return false;
                }
                failures.Add(now);
                retryAfter = TimeSpan.Zero;
                return true;
            }
        }
    }

    private void Uncount(string key, DateTimeOffset startedAt)
    {
        if (!_failures.TryGetValue(key, out var failures)) return;
        lock (failures)
        {
            failures.Remove(startedAt);
            if (failures.Count == 0 && IsCurrent(key, failures)) _failures.TryRemove(key, out _);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, failures) in _failures)
        {
            lock (failures)
            {
                Expire(failures, now);
                if (failures.Count == 0 && IsCurrent(key, failures)) _failures.TryRemove(key, out _);
            }
        }
    }

    private bool IsCurrent(string key, List<DateTimeOffset> failures) => _failures.TryGetValue(key, out var current) && ReferenceEquals(current, failures);

    private static void Expire(List<DateTimeOffset> failures, DateTimeOffset now)
    {
        var expired = failures.FindIndex(at => at + Window > now);
        failures.RemoveRange(0, expired < 0 ? failures.Count : expired);
    }

    private static string AccountKey(string account) => "account:" + account.ToLowerInvariant();

    private static string AddressKey(string address) => "address:" + address;
}
