using Journal.Grains.Accounts;

namespace Journal.Tests.Accounts;

/// <summary>The rotation rule on its own: one chain per session, a retry only of the newest exchange, only in the grace period.</summary>
public sealed class RefreshRotationTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_live_token_rotates() =>
        Assert.Equal(RefreshDecision.Rotate, RefreshRotation.Decide(new(UsedAt: null, Superseded: false, SessionUsedLater: false), Now));

    [Theory]
    [InlineData(0)]
    [InlineData(29)]
    [InlineData(30)]
    public void The_newest_exchange_presented_again_within_the_grace_is_a_retry(int secondsAfterFirstUse) =>
        Assert.Equal(RefreshDecision.Retry,
            RefreshRotation.Decide(new(Now.AddSeconds(-secondsAfterFirstUse), Superseded: false, SessionUsedLater: false), Now));

    [Fact]
    public void A_used_token_after_the_grace_is_reuse() =>
        Assert.Equal(RefreshDecision.Reuse, RefreshRotation.Decide(new(Now - RefreshRotation.RetryGrace - TimeSpan.FromMilliseconds(1), false, false), Now));

    [Fact]
    public void A_used_token_whose_successor_was_exchanged_is_reuse_even_within_the_grace() =>
        Assert.Equal(RefreshDecision.Reuse, RefreshRotation.Decide(new(Now.AddSeconds(-1), Superseded: false, SessionUsedLater: true), Now));

    [Fact]
    public void A_superseded_token_is_reuse_at_once() =>
        Assert.Equal(RefreshDecision.Reuse, RefreshRotation.Decide(new(UsedAt: null, Superseded: true, SessionUsedLater: false), Now));
}
