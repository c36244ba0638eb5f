using Journal.GrainInterfaces.Accounts;
using Journal.Grains.Accounts;

namespace Journal.Api.Auth;

/// <summary>
/// Slows password guessing: at most <see cref="MaxFailuresPerAccount"/> failed attempts per account
/// and <see cref="MaxFailuresPerAddress"/> per IP address within <see cref="LoginFailures.Window"/>;
/// beyond that, attempts are refused (429 with Retry-After) until the oldest failure leaves the window.
/// An attempt is counted as failed when it starts and taken back when it succeeds, so parallel guesses
/// cannot slip past the limit while their hashes are being checked. Counted by grains
/// (<see cref="ILoginAttemptsGrain"/>), once for the whole cluster.
/// </summary>
public sealed class LoginThrottle(IGrainFactory grains)
{
    public const int MaxFailuresPerAccount = 5;
    public const int MaxFailuresPerAddress = 20;

    /// <summary>
    /// Starts an attempt for <paramref name="account"/> (a user id, or the login text when it names
    /// nobody) from <paramref name="address"/>; refused with the wait when either limit is reached.
    /// </summary>
    public async Task<ThrottledAttempt> TryBeginAsync(string account, string? address)
    {
        var accountAttempt = await Account(account).BeginAsync(MaxFailuresPerAccount);
        if (!accountAttempt.Counted) return new(Allowed: false, accountAttempt.RetryAfter, null);
        if (address is null) return new(Allowed: true, TimeSpan.Zero, null);
        var addressAttempt = await Address(address).BeginAsync(MaxFailuresPerAddress);
        if (addressAttempt.Counted) return new(Allowed: true, TimeSpan.Zero, addressAttempt.At);
        await Account(account).UncountAsync(accountAttempt.At);
        return new(Allowed: false, addressAttempt.RetryAfter, null);
    }

    /// <summary>
    /// The attempt succeeded: its account's failures are forgotten, and the attempt no longer counts
    /// against its address (the address's other failures stay: one good password vouches for nobody else).
    /// </summary>
    public async Task SucceededAsync(string account, string? address, ThrottledAttempt attempt)
    {
        await Account(account).ForgetAsync();
        if (address is not null && attempt.AddressCountedAt is { } at) await Address(address).UncountAsync(at);
    }

    private ILoginAttemptsGrain Account(string account) => grains.GetGrain<ILoginAttemptsGrain>("account:" + account.ToLowerInvariant());

    private ILoginAttemptsGrain Address(string address) => grains.GetGrain<ILoginAttemptsGrain>("address:" + address);
}

/// <summary>An attempt the throttle let through (with when its address counted it), or refused for <paramref name="RetryAfter"/>.</summary>
public sealed record ThrottledAttempt(bool Allowed, TimeSpan RetryAfter, DateTimeOffset? AddressCountedAt);
