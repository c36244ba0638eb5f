using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Journal.GrainInterfaces.Accounts;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Journal.Api.Auth;

/// <summary>Mints access tokens (JWT, HMAC-SHA256) and formats refresh tokens for a session.</summary>
public sealed class AccessTokens(IOptions<JwtOptions> options, TimeProvider time)
{
    /// <summary>
    /// A token holds two ids, at most three roles, the issuer, the audience and three times: well under a
    /// kilobyte with the configured issuer and audience, which are short names.
    /// </summary>
    public const int MaxLength = 4_096;

    private readonly JsonWebTokenHandler _handler = new();
    private readonly SigningCredentials _credentials = new(new SymmetricSecurityKey(options.Value.KeyBytes()), SecurityAlgorithms.HmacSha256);

    public TokenPair Issue(SessionGrant session)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var claims = new List<Claim>
        {
            new(JournalClaims.UserId, session.UserId.ToString()),
            new(JournalClaims.SessionId, session.SessionId.ToString()),
        };
        claims.AddRange(session.Roles.Select(role => new Claim(JournalClaims.Role, role)));
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + settings.AccessTokenLifetime).UtcDateTime,
            SigningCredentials = _credentials,
        });
        return new TokenPair(session.UserId, token, RefreshTokenFormat.Format(session), (int)settings.AccessTokenLifetime.TotalSeconds);
    }
}

/// <summary>What register, login and refresh answer (PRODUCT.md §1); <paramref name="ExpiresIn"/> is the access token's lifetime in seconds.</summary>
public sealed record TokenPair(
    Guid UserId,
    [property: MaxLength(AccessTokens.MaxLength)] string AccessToken,
    [property: MaxLength(RefreshTokenFormat.MaxLength)] string RefreshToken,
    [property: Range(1, int.MaxValue)] int ExpiresIn);

/// <summary>A refresh token names its user and session, then carries the secret: "{userId}.{sessionId}.{secret}".</summary>
public static class RefreshTokenFormat
{
    /// <summary>Two ids of 32 characters and a secret of at most 100, with two dots between them.</summary>
    public const int MaxLength = 200;

    public static string Format(SessionGrant session) => $"{session.UserId:N}.{session.SessionId:N}.{session.RefreshSecret}";

    public static bool TryParse(string? token, out Guid userId, out Guid sessionId, out string secret)
    {
        (userId, sessionId, secret) = (Guid.Empty, Guid.Empty, "");
        if (token?.Split('.') is not [var user, var session, var given]) return false;
        secret = given;
        return Guid.TryParseExact(user, "N", out userId) && Guid.TryParseExact(session, "N", out sessionId) && secret.Length is > 0 and <= 100;
    }
}
