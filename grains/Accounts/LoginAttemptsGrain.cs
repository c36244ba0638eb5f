using Journal.GrainInterfaces.Accounts;

namespace Journal.Grains.Accounts;

/// <summary>
/// One account's or address's <see cref="LoginFailures"/>, in memory: one activation in the cluster
/// counts them all. A silo that dies forgets its counts (a guesser gains one window's allowance, no more).
/// </summary>
[GrainType(GrainTypes.LoginAttempts)]
public sealed class LoginAttemptsGrain(TimeProvider time) : Grain, ILoginAttemptsGrain
{
    private readonly LoginFailures _failures = new();

    public Task<LoginAttempt> BeginAsync(int limit)
    {
        var now = time.GetUtcNow();
        // The counts live only here: the activation must last as long as they matter, whatever the collection age.
        DelayDeactivation(LoginFailures.Window);
        return Task.FromResult(_failures.TryCount(limit, now, out var retryAfter)
            ? new LoginAttempt(Counted: true, now, TimeSpan.Zero)
            : new LoginAttempt(Counted: false, now, retryAfter));
    }

    public Task UncountAsync(DateTimeOffset at)
    {
        _failures.Uncount(at);
        return Task.CompletedTask;
    }

    public Task ForgetAsync()
    {
        _failures.Clear();
        return Task.CompletedTask;
    }
}
