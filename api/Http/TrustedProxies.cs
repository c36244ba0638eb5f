using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Journal.Api.Http;

/// <summary>
/// Behind a reverse proxy (nginx in docker-compose) every connection comes from the proxy, so the
/// per-address rate limit, the login throttle and the audit log would see one address for everybody.
/// A request from a trusted proxy is taken to come from the address the proxy puts last in
/// <c>X-Forwarded-For</c> (one hop); a request from anyone else keeps its own address, whatever it claims.
/// Trusted: loopback (ASP.NET Core's default: a proxy on the same machine), plus the addresses in
/// <c>ForwardedHeaders:KnownProxies</c> and the CIDR networks in <c>ForwardedHeaders:KnownNetworks</c>.
/// </summary>
public static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("ForwardedHeaders");
        var proxies = Parse(section, "KnownProxies", value => IPAddress.Parse(value));
        var networks = Parse(section, "KnownNetworks", value => System.Net.IPNetwork.Parse(value));
        return services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies) options.KnownProxies.Add(proxy);
            foreach (var network in networks) options.KnownIPNetworks.Add(network);
        });
    }

    // A setting that does not parse stops the start, naming itself: a typo must not trust nobody (or everybody) silently.
    private static List<T> Parse<T>(IConfigurationSection section, string key, Func<string, T> parse) =>
        [.. section.GetSection(key).GetChildren().Select(child => child.Value).OfType<string>().Select(value =>
        {
            try
            {
                return parse(value);
            }
            catch (FormatException e)
            {
                throw new InvalidOperationException($"ForwardedHeaders:{key}: '{value}' is not {(typeof(T) == typeof(IPAddress) ? "an IP address" : "a network such as 10.0.0.0/8")}.", e);
            }
        })];
}
