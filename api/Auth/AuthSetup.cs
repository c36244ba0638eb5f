using System.Security.Claims;
using Journal.Api.Admin;
using Journal.Api.Limits;
using Journal.GrainInterfaces.Accounts;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Journal.Api.Auth;

public static class AuthSetup
{
    public const string ModeratorPolicy = "moderator";
    public const string AdminPolicy = "admin";

    /// <summary>
    /// JWT bearer authentication. A token is only as good as its session: each request asks the
    /// user's grain (memory, no database), or this node's memory of its answer (<see cref="AccessCache"/>,
    /// which the grain has forget before any change), whether the session is still live and which roles
    /// the user holds now, so logout, revocation, deletion and role changes take effect at once. WebSocket
    /// clients of the hub pass the token as <c>access_token</c>; so does a browser opening the
    /// dashboard (<see cref="DashboardEndpoints"/>).
    /// </summary>
    public static IServiceCollection AddJournalAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JwtOptions>().Bind(configuration.GetSection(JwtOptions.SectionName));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<AccessCache>();
        services.AddHostedService<AccessCacheSweep>();
        var jwt = configuration.GetSection(JwtOptions.SectionName).Get<JwtOptions>() ?? new JwtOptions();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.TokenHandlers.Clear();
            options.TokenHandlers.Add(new RememberingTokenHandler());
            // After the handler: this sets it on the scheme's handlers.
            options.MapInboundClaims = false;
            // Why a token failed (expired when, which key) is not the client's business.
            options.IncludeErrorDetails = false;
            // Nothing reads the raw token back from the authentication properties.
            options.SaveToken = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = jwt.Issuer,
                ValidAudience = jwt.Audience,
                IssuerSigningKey = new SymmetricSecurityKey(jwt.KeyBytes()),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                NameClaimType = JournalClaims.UserId,
                RoleClaimType = JournalClaims.Role,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            options.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    if (context.HttpContext.Request.Path.StartsWithSegments("/hubs")
                        && context.Request.Query["access_token"] is { Count: 1 } token)
                        context.Token = token.ToString();
                    else if (DashboardEndpoints.TokenOf(context.Request) is { } dashboardToken)
                        context.Token = dashboardToken;
                    return Task.CompletedTask;
                },
                OnTokenValidated = async context =>
                {
                    var principal = context.Principal!;
                    if (!Guid.TryParse(principal.FindFirst(JournalClaims.UserId)?.Value, out var userId)
                        || !Guid.TryParse(principal.FindFirst(JournalClaims.SessionId)?.Value, out var sessionId))
                    {
                        context.Fail("The token does not name a user and session.");
                        return;
                    }
                    // The session check takes the request from the user's allowance too; usually from this node's memory.
                    var quota = RateLimits.UserQuotaOf(context.HttpContext, userId);
                    var access = await context.HttpContext.RequestServices.GetRequiredService<AccessCache>().CheckAsync(userId, sessionId, quota?.Bucket());
                    if (access is null)
                    {
                        context.Fail("The session has ended.");
                        return;
                    }
                    RequestAccess.Remember(context.HttpContext, access);
                    var identity = (ClaimsIdentity)principal.Identity!;
                    if (!HasRoles(identity, access.Roles))
                    {
                        foreach (var role in identity.FindAll(JournalClaims.Role).ToList()) identity.RemoveClaim(role);
                        foreach (var role in access.Roles) identity.AddClaim(new(JournalClaims.Role, role));
                    }
                    if (context.SecurityToken is { } token && access.Roles.Contains(Roles.Admin))
                        DashboardEndpoints.RememberToken(context.HttpContext, context.Request.Query["access_token"].ToString(), token.ValidTo);
                },
            };
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(ModeratorPolicy, policy => policy.RequireRole(Roles.Moderator, Roles.Admin))
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(Roles.Admin));
        return services;
    }

    // The token's roles are those of when it was issued, the session's those of now: nearly always the same.
    private static bool HasRoles(ClaimsIdentity identity, IReadOnlyList<string> roles)
    {
        var count = 0;
        foreach (var claim in identity.Claims)
            if (claim.Type == JournalClaims.Role && (count >= roles.Count || claim.Value != roles[count++])) return false;
        return count == roles.Count;
    }
}
