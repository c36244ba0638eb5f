using System.Net;
using System.Net.Http.Json;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Cluster;

/// <summary>
/// The limits of <see cref="CrossNodeLimitsTests"/> with the nodes as separate processes (issue 14): the
/// per-user allowance, the login throttle and a session's end hold for the cluster, not per node.
/// </summary>
[Collection(NodeProcesses.Name)]
public sealed class NodeProcessLimitsTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const int PerUserPerMinute = 8;

    [Fact]
    public async Task Limits_and_session_ends_hold_across_node_processes()
    {
        var settings = new Dictionary<string, string> { ["RateLimits__PerUserPerMinute"] = PerUserPerMinute.ToString() };
        await using var a = await NodeProcess.StartAsync(database, settings);
        await using var b = await NodeProcess.StartAsync(database, settings);
        await Eventually.True(async () => await NodeProcess.ActiveSilosAsync(database) == 2, "both nodes are active members", timeoutMs: 30_000);

        // Requests alternating between the nodes draw on one allowance: per node, each would have allowed all.
        var spender = await JournalClient.RegisterAsync(a.CreateClient());
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < PerUserPerMinute + 2; i++) statuses.Add((await As(spender, i % 2 == 0 ? a : b).GetAsync("/v1/me")).StatusCode);
        Assert.Equal(PerUserPerMinute, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses[^2..]);

        // Five wrong passwords, three on A and two on B, lock the account on both.
        var guessed = await JournalClient.RegisterAsync(a.CreateClient());
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await (i % 2 == 0 ? a : b).CreateClient().PostAsJsonAsync("/v1/auth/login",
                new { login = guessed.Username, password = "wrong password " + i })).StatusCode);
        foreach (var node in new[] { a, b })
        {
            var throttled = await node.CreateClient().PostAsJsonAsync("/v1/auth/login", new { login = guessed.Username, password = JournalClient.Password });
            Assert.Equal("login-throttled", (string)(await JournalClient.ProblemAsync(throttled, HttpStatusCode.TooManyRequests))["type"]!);
        }

        // A session ended through A is refused by B at its next request.
        var leaving = await JournalClient.RegisterAsync(a.CreateClient());
        Assert.Equal(HttpStatusCode.OK, (await As(leaving, b).GetAsync("/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await As(leaving, a).PostAsync("/v1/auth/logout", null)).StatusCode);
        await JournalClient.ProblemAsync(await As(leaving, b).GetAsync("/v1/me"), HttpStatusCode.Unauthorized);
    }

    private static HttpClient As(JournalClient user, NodeProcess node) => node.CreateClient(user);
}
