namespace Journal.Grains.Accounts;

/// <summary>What presenting a refresh token does to its session.</summary>
public enum RefreshDecision
{
    /// <summary>The session's live token: it is used up and a new one is issued.</summary>
    Rotate,

    /// <summary>The last exchanged token again, soon after: a retry whose answer was lost. The token its
    /// first exchange issued is superseded and a new one is issued in its place.</summary>
    Retry,

    /// <summary>Someone else holds a copy of a token of this session: the session ends.</summary>
    Reuse,
}

/// <summary>The state of one presented refresh token of a live session.</summary>
/// <param name="UsedAt">When it was first exchanged, or null.</param>
/// <param name="Superseded">A graced retry of its parent replaced it before it was ever exchanged.</param>
/// <param name="SessionUsedLater">Another token of the session was exchanged after this one.</param>
public readonly record struct PresentedRefreshToken(DateTimeOffset? UsedAt, bool Superseded, bool SessionUsedLater);

/// <summary>
/// Refresh-token rotation (docs/ACCOUNTS.md): a session has exactly one chain. Each token is exchanged
/// once; the one exception is a retry of the newest exchange within the grace period, which replaces
/// the answer the client never received. Anything else that comes back is a copy, and ends the session.
/// </summary>
public static class RefreshRotation
{
    /// <summary>How long after its first use a refresh token may be presented again (a retried request) before it counts as stolen.</summary>
    public static readonly TimeSpan RetryGrace = TimeSpan.FromSeconds(30);

    public static RefreshDecision Decide(PresentedRefreshToken token, DateTimeOffset now)
    {
        // A superseded token was issued in an answer the client said it never received (it retried):
        // whoever presents it got it some other way.
        if (token.Superseded) return RefreshDecision.Reuse;
        if (token.UsedAt is not { } firstUse) return RefreshDecision.Rotate;
        // A retry is only a retry while its first answer is the newest in the session: once the token
        // that answer issued has been exchanged, the client did receive it.
        return !token.SessionUsedLater && now - firstUse <= RetryGrace ? RefreshDecision.Retry : RefreshDecision.Reuse;
    }
}
