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
    /// A token bucket per user (after authentication) or per IP address for anonymous requests, counted
    /// once for the cluster (<see cref="ClusterQuotaLimiter"/>); over the limit, a 429 problem with
    /// Retry-After. Every response the limiter counted reports the caller's quota (<see cref="QuotaHeaders"/>).
    /// Health probes are never limited.
    /// </summary>
    public static IServiceCollection AddJournalRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions();
        // The session check takes the user's request with it (UserQuotaOf), so it needs the options too.
        services.AddSingleton(options);
        services.AddRateLimiter(_ => { });
        // The buckets are grains (one per caller for the whole cluster), reached through the grain factory.
        services.AddOptions<RateLimiterOptions>().Configure<IGrainFactory>((limiter, grains) =>
        {
            limiter.GlobalLimiter = new ClusterQuotaLimiter(grains, context => QuotaOf(context, options));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                RetryAfter.Set(context.Response, retryAfter);
                if (QuotaOf(context, options) is { } quota) QuotaHeaders.Set(context.Response, quota, remaining: 0, resetSeconds: RetryAfter.Seconds(retryAfter));
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Type = ProblemTypes.TooManyRequests, Detail = "Too many requests; slow down (see Retry-After)." },
                });
            };
        });
        return services;
    }

    /// <summary>The quota a request counts against: its user's once signed in, else its address's; none for health probes.</summary>
    private static Quota? QuotaOf(HttpContext context, RateLimitOptions options)
    {
        if (IsHealthProbe(context)) return null;
        var user = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst(JournalClaims.UserId)?.Value : null;
        return user is not null
            ? UserQuota(user, options)
            : new Quota(Quota.PerAddress, "address:" + context.Connection.RemoteIpAddress, options.PerAddressPerMinute);
    }

    /// <summary>
    /// The allowance the session check of a request by <paramref name="userId"/> takes from (the account
    /// grain holds the bucket); none for health probes.
    /// </summary>
    public static Quota? UserQuotaOf(HttpContext context, Guid userId) =>
        IsHealthProbe(context) ? null : UserQuota(userId.ToString(), context.RequestServices.GetRequiredService<RateLimitOptions>());

    private static Quota UserQuota(string userId, RateLimitOptions options) => new(Quota.PerUser, "user:" + userId, options.PerUserPerMinute);

    private static bool IsHealthProbe(HttpContext context) => context.Request.Path.StartsWithSegments("/health");
}
