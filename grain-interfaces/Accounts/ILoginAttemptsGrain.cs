namespace Journal.GrainInterfaces.Accounts;

/// <summary>
/// The recent failed password attempts against one account or from one address (key: "account:…" or
/// "address:…"), or a user's wrong secret-tag phrases ("secret-tag:…"), counted once for the whole
/// cluster so that alternating nodes does not multiply a guesser's allowance. An attempt counts as failed when it begins, and is taken back if it succeeds.
/// </summary>
[Alias("journal.ILoginAttemptsGrain")]
public interface ILoginAttemptsGrain : IGrainWithStringKey
{
    /// <summary>Counts an attempt, unless <paramref name="limit"/> failures are already in the window.</summary>
    [Alias("Begin")]
    Task<LoginAttempt> BeginAsync(int limit);

    /// <summary>Takes back the attempt counted at <paramref name="at"/> (it succeeded, or another key refused it).</summary>
    [Alias("Uncount")]
    Task UncountAsync(DateTimeOffset at);

    /// <summary>Forgets every failure (the account's password was given).</summary>
    [Alias("Forget")]
    Task ForgetAsync();
}

/// <summary>An attempt counted at <paramref name="At"/>, or refused for <paramref name="RetryAfter"/>.</summary>
[GenerateSerializer, Immutable, Alias("journal.LoginAttempt")]
public sealed record LoginAttempt(bool Counted, DateTimeOffset At, TimeSpan RetryAfter);
