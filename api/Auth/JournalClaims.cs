using System.Security.Claims;

namespace Journal.Api.Auth;

/// <summary>The claims of an access token, and reading them back from the request's user.</summary>
public static class JournalClaims
{
    public const string UserId = "sub";
    public const string SessionId = "sid";
    public const string Role = "role";

    public static Guid GetUserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(UserId), out var id) ? id : throw new InvalidOperationException("The request has no authenticated user.");

    public static Guid GetSessionId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(SessionId), out var id) ? id : throw new InvalidOperationException("The request has no session.");
}
