using System.Net;
using System.Net.Http.Json;
using Journal.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Tests.Api;

/// <summary>Request-rate limits and the per-address login throttle, with small limits (PRODUCT.md §9).</summary>
public sealed class RateLimitTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Anonymous_requests_over_the_per_address_limit_get_429_with_Retry_After_and_health_is_never_limited()
    {
        await using var api = new ApiFactory(database, new Dictionary<string, string> { ["RateLimits:PerAddressPerMinute"] = "3" }, ClientAddressFromHeader);
        var http = api.CreateClient();
        http.DefaultRequestHeaders.Add(ClientAddress.Header, "10.1.0.1");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) statuses.Add((await http.PostAsJsonAsync("/v1/auth/login", new { login = "nobody", password = "whatever-it-is" })).StatusCode);
        var limited = await http.PostAsJsonAsync("/v1/auth/login", new { login = "nobody", password = "whatever-it-is" });

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        await JournalClient.ProblemAsync(limited, (HttpStatusCode)429);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) >= 1);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        var elsewhere = api.CreateClient();
        elsewhere.DefaultRequestHeaders.Add(ClientAddress.Header, "10.1.0.2");
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.PostAsJsonAsync("/v1/auth/login", new { login = "nobody", password = "whatever-it-is" })).StatusCode);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_client_has_its_own_address_and_nobody_else_can_claim_one()
    {
        await using var api = new ApiFactory(database, new Dictionary<string, string>
        {
            ["RateLimits:PerAddressPerMinute"] = "3",
            ["ForwardedHeaders:KnownProxies:0"] = "10.2.0.5",
        }, ClientAddressFromHeader);
        HttpClient From(string connectedFrom, string forwardedFor)
        {
            var http = api.CreateClient();
            http.DefaultRequestHeaders.Add(ClientAddress.Header, connectedFrom);
            http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
            return http;
        }
        // Anonymous, so counted per address (then refused: 401).
        static async Task<HttpStatusCode> AskAsync(HttpClient http) => (await http.GetAsync("/v1/me")).StatusCode;

        // Through the proxy: the client named in X-Forwarded-For has the allowance, not the proxy.
        var first = From("10.2.0.5", "203.0.113.1");
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, (HttpStatusCode)429],
            [await AskAsync(first), await AskAsync(first), await AskAsync(first), await AskAsync(first)]);
        Assert.Equal(HttpStatusCode.Unauthorized, await AskAsync(From("10.2.0.5", "198.51.100.1, 203.0.113.2")));

        // Straight from an address that is no proxy, X-Forwarded-For is ignored: a new claim each time gains nothing.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) statuses.Add(await AskAsync(From("10.2.0.9", $"203.0.113.{10 + i}")));
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, (HttpStatusCode)429], statuses);
    }

    [Fact]
    public async Task A_signed_in_user_over_the_per_user_limit_gets_429()
    {
        await using var api = new ApiFactory(database, new Dictionary<string, string> { ["RateLimits:PerUserPerMinute"] = "5" });
        var user = await JournalClient.RegisterAsync(api);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++) statuses.Add((await user.Http.GetAsync("/v1/me")).StatusCode);

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal((HttpStatusCode)429, statuses[^1]);
    }

    [Fact]
    public async Task A_burst_of_parallel_requests_takes_from_the_allowance_only_what_it_uses()
    {
        // 100 a minute: the node borrows 10 at a time. Every request of the burst misses the node's
        // memory at once; borrowing once per miss would empty the bucket by the eleventh.
        await using var api = new ApiFactory(database, new Dictionary<string, string> { ["RateLimits:PerUserPerMinute"] = "100" });
        var user = await JournalClient.RegisterAsync(api);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ => (await user.Http.GetAsync("/v1/me")).StatusCode));
        var next = await user.Http.GetAsync("/v1/me");

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        // 41 used of 100, and the bucket refills meanwhile: at least 59 remain.
        var remaining = int.Parse(next.Headers.GetValues("RateLimit").Single().Split(";r=")[1].Split(';')[0]);
        Assert.InRange(remaining, 59, 100);
    }

    [Fact]
    public async Task Failed_logins_from_one_address_across_many_names_are_throttled()
    {
        await using var api = new ApiFactory(database, services: ClientAddressFromHeader);
        var user = await JournalClient.RegisterAsync(api);
        var http = api.CreateClient();
        http.DefaultRequestHeaders.Add(ClientAddress.Header, "10.2.0.1");
        for (var i = 0; i < 20; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/v1/auth/login", new { login = $"guess_{i}", password = "wrong password" })).StatusCode);

        var fromSameAddress = await http.PostAsJsonAsync("/v1/auth/login", new { login = user.Username, password = JournalClient.Password });
        var fromElsewhere = api.CreateClient();
        fromElsewhere.DefaultRequestHeaders.Add(ClientAddress.Header, "10.2.0.2");

        Assert.Equal("login-throttled", (string)(await JournalClient.ProblemAsync(fromSameAddress, (HttpStatusCode)429))["type"]!);
        Assert.Equal(HttpStatusCode.OK, (await fromElsewhere.PostAsJsonAsync("/v1/auth/login", new { login = user.Username, password = JournalClient.Password })).StatusCode);
    }

    // The in-memory test server has no client address; take it from a header, as a proxy would give it.
    private static void ClientAddressFromHeader(IServiceCollection services) => services.AddSingleton<IStartupFilter, ClientAddress>();

    private sealed class ClientAddress : IStartupFilter
    {
        public const string Header = "X-Test-Client-Address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (System.Net.IPAddress.TryParse(context.Request.Headers[Header], out var address)) context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
