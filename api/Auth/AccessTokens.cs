using System.Security.Claims;
using Journal.GrainInterfaces.Accounts;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Journal.Api.Auth;

/// <summary>Mints access tokens (JWT, HMAC-SHA256) and formats refresh tokens for a session.</summary>
public sealed class AccessTokens(IOptions<JwtOptions> options, TimeProvider time)
{
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

/// <summary>What register, login and refresh answer (PRODUCT.md §1).</summary>
public sealed record TokenPair(Guid UserId, string AccessToken, string RefreshToken, int ExpiresIn);

/// <summary>A refresh token names its user and session, then carries the secret: "{userId}.{sessionId}.{secret}".</summary>
public static class RefreshTokenFormat
{
    public static string Format(SessionGrant session) => $"{session.UserId:N}.{session.SessionId:N}.{session.RefreshSecret}";

    public static bool TryParse(string? token, out Guid userId, out Guid sessionId, out string secret)
    {
        (userId, sessionId, secret) = (Guid.Empty, Guid.Empty, "");
        if (token?.Split('.') is not [var user, var session, var given]) return false;
        secret = given;
        return Guid.TryParseExact(user, "N", out userId) && Guid.TryParseExact(session, "N", out sessionId) && secret.Length is > 0 and <= 100;
    }
}
