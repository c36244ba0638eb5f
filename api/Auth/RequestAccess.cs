using Journal.GrainInterfaces.Accounts;
using Journal.GrainInterfaces.Limits;

namespace Journal.Api.Auth;

/// <summary>
/// What the account grain said about the request's caller when their token was checked (roles and
/// clock, read at that moment), kept for the request's endpoints: a route that dates its work by the
/// user's day asks nothing more of the grain.
/// </summary>
public static class RequestAccess
{
    private static readonly object Key = new();

    public static void Remember(HttpContext context, AccessCheck access) => context.Items[Key] = access;

    /// <summary>The caller's clock at the start of the request; null on a request without a checked session.</summary>
    public static UserClock? ClockOf(HttpContext context) => (context.Items[Key] as AccessCheck)?.Clock;

    /// <summary>The caller's clock at the start of the request, on a route that requires a signed-in user.</summary>
    public static UserClock Clock(HttpContext context) =>
        ClockOf(context) ?? throw new InvalidOperationException("The route reads the caller's clock but its request has no checked session (is it missing RequireAuthorization?).");

    /// <summary>What the session check took from the caller's request allowance; null on a request without one.</summary>
    public static QuotaTake? QuotaTakenBy(HttpContext context) => (context.Items[Key] as AccessCheck)?.Quota;
}
