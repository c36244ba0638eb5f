using System.Net;
using System.Net.Http.Json;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Cluster;

/// <summary>
/// Limits and revocations hold for the cluster, not per node (issue 14 §3): alternating nodes does not
/// multiply an allowance, and a session ended through one node is refused by the other.
/// </summary>
[Collection(NodeProcesses.Name)]
public sealed class CrossNodeLimitsTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const int PerUserPerMinute = 5;

    private TwoNodes _nodes = null!;

    private ApiFactory A => _nodes.A;

    private ApiFactory B => _nodes.B;

    public async Task InitializeAsync()
    {
        // A small per-user allowance; anonymous requests (register, login) keep the tests' large one.
        _nodes = database.Shared(() => new TwoNodes(database, new Dictionary<string, string> { ["RateLimits:PerUserPerMinute"] = PerUserPerMinute.ToString() }));
        await _nodes.JoinedAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Failed_logins_are_counted_across_nodes()
    {
        var user = await JournalClient.RegisterAsync(A);
        var (onA, onB) = (A.CreateClient(), B.CreateClient());

        // Five wrong guesses, alternating: three on A, two on B. Per node, each would still allow more.
        for (var i = 0; i < 5; i++)
        {
            var guess = await (i % 2 == 0 ? onA : onB).PostAsJsonAsync("/v1/auth/login", new { login = user.Username, password = "wrong password " + i });
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }

        foreach (var node in new[] { onA, onB })
        {
            var throttled = await node.PostAsJsonAsync("/v1/auth/login", new { login = user.Username, password = JournalClient.Password });
            Assert.Equal("login-throttled", (string)(await JournalClient.ProblemAsync(throttled, HttpStatusCode.TooManyRequests))["type"]!);
        }
    }

    [Fact]
    public async Task Parallel_guesses_spread_over_both_nodes_cannot_slip_past_the_throttle()
    {
        var user = await JournalClient.RegisterAsync(A);
        var (onA, onB) = (A.CreateClient(), B.CreateClient());

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? onA : onB).PostAsJsonAsync("/v1/auth/login", new { login = user.Username, password = $"guess {i} is wrong" })));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));
        Assert.Equal(15, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task A_users_requests_are_counted_against_one_allowance_whichever_node_serves_them()
    {
        var user = await JournalClient.RegisterAsync(A);
        var onB = B.CreateClient();
        onB.DefaultRequestHeaders.Authorization = user.Http.DefaultRequestHeaders.Authorization;

        // Alternating: per node, each would have allowed all of them.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < PerUserPerMinute + 2; i++) statuses.Add((await (i % 2 == 0 ? user.Http : onB).GetAsync("/v1/me")).StatusCode);

        Assert.Equal(PerUserPerMinute, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses[^2..]);
    }

    [Fact]
    public async Task A_session_ended_through_one_node_is_refused_by_the_other()
    {
        var user = await JournalClient.RegisterAsync(A);
        var sameSessionOnB = B.CreateClient();
        sameSessionOnB.DefaultRequestHeaders.Authorization = user.Http.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.OK, (await sameSessionOnB.GetAsync("/v1/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.PostAsync("/v1/auth/logout", null)).StatusCode);

        await JournalClient.ProblemAsync(await sameSessionOnB.GetAsync("/v1/me"), HttpStatusCode.Unauthorized);
    }
}
