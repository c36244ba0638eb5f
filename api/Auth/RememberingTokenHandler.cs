using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Journal.Api.Auth;

/// <summary>
/// The JWT handler of the bearer scheme, remembering each access token it found valid until the token
/// expires: a client sends the same token with every request for its lifetime, and reading it and
/// checking its signature each time was the largest part of a signed-in read's CPU after the grain call
/// (docs/PERFORMANCE.md). A token is remembered by its exact text, so any other text is checked in
/// full, and a remembered one is refused from its expiry on, as a full check would. The session check
/// still runs on every request (<see cref="AuthSetup"/>), so revocation takes effect at once.
/// It serves one scheme: what it remembers was checked against that scheme's parameters.
/// </summary>
internal sealed class RememberingTokenHandler : JsonWebTokenHandler
{
    /// <summary>
    /// Tokens remembered at most (a few kilobytes each, with the parsed token and its claims); beyond that,
    /// a new token is checked in full on each request until older ones expire.
    /// </summary>
    public const int Capacity = 20_000;

    private readonly MemoryCache _valid = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_valid.TryGetValue(token, out ValidToken? remembered) && DateTimeOffset.UtcNow < remembered!.Until)
            // Each request gets its own identity: the session check replaces its roles.
            return new TokenValidationResult { IsValid = true, SecurityToken = remembered.Token, ClaimsIdentity = new ClaimsIdentity(remembered.Identity) };

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid)
        {
            // Valid until its expiry plus the clock skew the full check allows.
            var until = new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero) + validationParameters.ClockSkew;
            _valid.Set(token, new ValidToken(result.SecurityToken, new ClaimsIdentity(result.ClaimsIdentity), until),
                new MemoryCacheEntryOptions { AbsoluteExpiration = until, Size = 1 });
        }
        return result;
    }

    /// <summary>A checked token and its identity as the check read it, before any request changed it.</summary>
    private sealed record ValidToken(SecurityToken Token, ClaimsIdentity Identity, DateTimeOffset Until);
}
