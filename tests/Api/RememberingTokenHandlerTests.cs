using System.Security.Claims;
using System.Security.Cryptography;
using Journal.Api.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Journal.Tests.Api;

/// <summary>The bearer scheme's token handler remembers a valid token until it expires, and nothing else.</summary>
public sealed class RememberingTokenHandlerTests
{
    private readonly SymmetricSecurityKey _key = new(RandomNumberGenerator.GetBytes(48));

    private TokenValidationParameters Parameters => new()
    {
        ValidIssuer = "journal", ValidAudience = "journal-app", IssuerSigningKey = _key, ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.Zero,
    };

    private string Token(TimeSpan lifetime, string role = "user") => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "journal", Audience = "journal-app",
        Subject = new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString()), new Claim("role", role)]),
        NotBefore = DateTime.UtcNow.AddSeconds(-1), Expires = DateTime.UtcNow + lifetime,
        SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
    });

    [Fact]
    public async Task A_valid_token_is_read_once_and_each_request_gets_its_own_copy_of_its_claims()
    {
        var handler = new RememberingTokenHandler();
        var token = Token(TimeSpan.FromMinutes(5));

        var first = await handler.ValidateTokenAsync(token, Parameters);
        first.ClaimsIdentity.RemoveClaim(first.ClaimsIdentity.FindFirst("role"));
        first.ClaimsIdentity.AddClaim(new Claim("role", "admin"));
        var second = await handler.ValidateTokenAsync(token, Parameters);

        Assert.True(second.IsValid);
        Assert.Same(first.SecurityToken, second.SecurityToken);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal(["user"], second.ClaimsIdentity.FindAll("role").Select(c => c.Value));
        Assert.Equal(first.ClaimsIdentity.FindFirst("sub")!.Value, second.ClaimsIdentity.FindFirst("sub")!.Value);
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_it_expires()
    {
        var handler = new RememberingTokenHandler();
        var token = Token(TimeSpan.FromSeconds(2));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters)).IsValid);

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var late = await handler.ValidateTokenAsync(token, Parameters);
        Assert.False(late.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(late.Exception);
    }

    [Fact]
    public async Task A_token_that_differs_from_a_remembered_one_is_checked_in_full()
    {
        var handler = new RememberingTokenHandler();
        var token = Token(TimeSpan.FromMinutes(5));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters)).IsValid);
        // Another role in the same signature: the text differs, and the signature no longer matches it.
        var parts = token.Split('.');
        var forged = Token(TimeSpan.FromMinutes(5), role: "admin").Split('.')[1];

        var result = await handler.ValidateTokenAsync($"{parts[0]}.{forged}.{parts[2]}", Parameters);

        Assert.False(result.IsValid);
        Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>(result.Exception);
    }
}
