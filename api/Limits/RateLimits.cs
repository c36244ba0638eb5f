using System.Globalization;
using System.Threading.RateLimiting;
using Journal.Api.Auth;
using Journal.Api.Problems;
using Microsoft.AspNetCore.RateLimiting;

namespace Journal.Api.Limits;

/// <summary>Request-rate limits (configuration section <c>RateLimits</c>), per minute.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Requests a signed-in user may make per minute, over all their devices.</summary>
    public int PerUserPerMinute { get; set; } = 600;

    /// <summary>Requests one IP address may make per minute without a token (register, login, refresh, public routes).</summary>
    public int PerAddressPerMinute { get; set; } = 120;
}

public static class RateLimits
{
    /// <summary>
    /// A token bucket per user (after authentication) or per IP address for anonymous requests;
    /// over the limit, a 429 problem with Retry-After. Health probes are never limited.
    /// </summary>
    public static IServiceCollection AddJournalRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (context.Request.Path.StartsWithSegments("/health")) return RateLimitPartition.GetNoLimiter("health");
                var user = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst(JournalClaims.UserId)?.Value : null;
                return user is not null
                    ? Bucket("user:" + user, options.PerUserPerMinute)
                    : Bucket("address:" + context.Connection.RemoteIpAddress, options.PerAddressPerMinute);
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Type = ProblemTypes.TooManyRequests, Detail = "Too many requests; slow down (see Retry-After)." },
                });
            };
        });
        return services;
    }

    // A bucket that holds a minute's allowance (bursts up to it pass) and refills at exactly the
    // allowance per minute: about once a second for large allowances, and one token every 60/n
    // seconds below 60 a minute (a limit of 3 a minute must not refill a token every second).
    private static RateLimitPartition<string> Bucket(string key, int limit) => RateLimitPartition.GetTokenBucketLimiter(key, _ =>
    {
        var perMinute = Math.Max(1, limit);
        var tokensPerPeriod = Math.Max(1, perMinute / 60);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromTicks(TimeSpan.TicksPerMinute * tokensPerPeriod / perMinute),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    });
}
