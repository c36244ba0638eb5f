using System.Collections.Concurrent;

namespace Journal.Api.Auth;

/// <summary>
/// Slows password guessing: after <see cref="MaxFailuresPerAccount"/> failed logins for one login
/// name, or <see cref="MaxFailuresPerAddress"/> from one IP address, within <see cref="Window"/>,
/// further attempts are refused (429 with Retry-After) until the oldest failure leaves the window.
/// Unknown names count too, so probing for accounts is slowed the same way. Per node, in memory.
/// </summary>
public sealed class LoginThrottle(TimeProvider time)
{
    public const int MaxFailuresPerAccount = 5;
    public const int MaxFailuresPerAddress = 20;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    // Bounds memory under a flood of distinct names: past this, windows that ended are dropped.
    private const int PruneAbove = 100_000;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>How long the caller must wait, or null when an attempt is allowed now.</summary>
    public TimeSpan? RetryAfter(string login, string? address)
    {
        var now = time.GetUtcNow();
        var wait = Wait(AccountKey(login), MaxFailuresPerAccount, now);
        if (address is not null && Wait(AddressKey(address), MaxFailuresPerAddress, now) is { } addressWait && (wait is null || addressWait > wait)) wait = addressWait;
        return wait;
    }

    public void Failed(string login, string? address)
    {
        var now = time.GetUtcNow();
        if (_failures.Count > PruneAbove) Prune(now);
        Record(AccountKey(login), now);
        if (address is not null) Record(AddressKey(address), now);
    }

    /// <summary>A successful login clears its account's failures (not the address's: one good password does not vouch for the rest).</summary>
    public void Succeeded(string login) => _failures.TryRemove(AccountKey(login), out _);

    private TimeSpan? Wait(string key, int limit, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(key, out var failures)) return null;
        lock (failures)
        {
            Expire(failures, now);
            return failures.Count >= limit ? failures.Peek() + Window - now : null;
        }
    }

    private void Record(string key, DateTimeOffset now)
    {
        var failures = _failures.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (failures)
        {
            Expire(failures, now);
            failures.Enqueue(now);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, failures) in _failures)
        {
            lock (failures)
            {
                Expire(failures, now);
                if (failures.Count == 0) _failures.TryRemove(key, out _);
            }
        }
    }

    private static void Expire(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && failures.Peek() + Window <= now) failures.Dequeue();
    }

    private static string AccountKey(string login) => "account:" + login.ToLowerInvariant();

    private static string AddressKey(string address) => "address:" + address;
}
