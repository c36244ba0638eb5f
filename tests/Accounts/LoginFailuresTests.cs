using Journal.Grains.Accounts;

namespace Journal.Tests.Accounts;

/// <summary>The sliding window of failed password attempts the login throttle counts in.</summary>
public sealed class LoginFailuresTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Attempts_past_the_limit_wait_until_the_oldest_leaves_the_window()
    {
        var failures = new LoginFailures();
        for (var i = 0; i < 3; i++) Assert.True(failures.TryCount(3, Start.AddMinutes(i), out _));

        Assert.False(failures.TryCount(3, Start.AddMinutes(5), out var retryAfter));
        Assert.Equal(LoginFailures.Window - TimeSpan.FromMinutes(5), retryAfter);
        Assert.True(failures.TryCount(3, Start + LoginFailures.Window, out _));
    }

    [Fact]
    public void An_uncounted_attempt_frees_its_place_and_clearing_frees_them_all()
    {
        var failures = new LoginFailures();
        Assert.True(failures.TryCount(2, Start, out _));
        Assert.True(failures.TryCount(2, Start.AddSeconds(1), out _));

        failures.Uncount(Start.AddSeconds(1));
        Assert.True(failures.TryCount(2, Start.AddSeconds(2), out _));
        Assert.False(failures.TryCount(2, Start.AddSeconds(3), out _));

        failures.Clear();
        Assert.True(failures.TryCount(2, Start.AddSeconds(4), out _));
    }
}
