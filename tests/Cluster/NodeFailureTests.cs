using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Journal.Tests.Cluster;

/// <summary>
/// Two nodes as separate processes on one database (issue 14): any node serves any user, and a node
/// killed with SIGKILL under load loses no acknowledged write; the survivor serves its users again
/// once it declared the dead node dead.
/// </summary>
public sealed class NodeFailureTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    private const int Writers = 6;

    [Fact]
    public async Task Any_node_serves_any_user_and_a_killed_node_loses_no_acknowledged_write()
    {
        var started = Stopwatch.GetTimestamp();
        await using var a = await NodeProcess.StartAsync(database);
        await using var b = await NodeProcess.StartAsync(database);
        await Eventually.True(async () => await ActiveSilosAsync() == 2, "both nodes are active members", timeoutMs: 30_000);
        output.WriteLine($"both nodes active after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");

        // Registered on A, writes on B, reads its write on A, and gets the push on B's hub.
        var user = await JournalClient.RegisterAsync(a.CreateClient());
        await using var hubOnB = await UpdatesClient.ConnectAsync(b.Address, user.AccessToken);
        Assert.Equal(HttpStatusCode.Created, (await As(user, b).PostAsJsonAsync("/v1/journal/entries", new { content = "Written on B." })).StatusCode);
        Assert.Equal(1, (int)(await As(user, a).GetFromJsonAsync<JsonObject>("/v1/me/summary"))!["today"]!["entries"]!);
        Assert.Equal(1, (int)(await hubOnB.WaitForAsync("streakUpdated", TimeSpan.FromSeconds(1)))["current"]!);

        // Writers alternate between the nodes; B is killed under their load.
        var writers = new List<JournalClient>();
        for (var i = 0; i < Writers; i++) writers.Add(await JournalClient.RegisterAsync(a.CreateClient(), timeZone: "UTC"));
        var acknowledged = new ConcurrentBag<(Guid User, string Id)>();
        var lastSuccessOnA = new ConcurrentDictionary<Guid, long>();
        using var stop = new CancellationTokenSource();
        var load = writers.Select(writer => WriteUntilStoppedAsync(writer, [As(writer, a), As(writer, b)], acknowledged, lastSuccessOnA, stop.Token)).ToList();

        await Eventually.True(() => acknowledged.Count >= 60, "the writers write through both nodes", timeoutMs: 30_000);
        var killedAt = Stopwatch.GetTimestamp();
        await b.Process.KillAsync();

        // Recovered when every writer got a 2xx from A again after the kill (their grains that lived on B included).
        await Eventually.True(() => writers.All(w => lastSuccessOnA.TryGetValue(w.UserId, out var at) && at > killedAt),
            "every writer is served by the survivor", timeoutMs: 60_000);
        var recovery = Stopwatch.GetElapsedTime(killedAt, writers.Max(w => lastSuccessOnA[w.UserId]));
        output.WriteLine($"served again {recovery.TotalSeconds:0.0} s after the kill; {acknowledged.Count} writes acknowledged so far");
        await stop.CancelAsync();
        await Task.WhenAll(load);

        foreach (var writer in writers)
        {
            var listed = await ListEntryIdsAsync(As(writer, a));
            // Every acknowledged write is there...
            Assert.All(acknowledged.Where(w => w.User == writer.UserId), write => Assert.Contains(write.Id, listed));
            // ...and the progress counted each stored entry exactly once (no event lost or applied twice).
            await Eventually.True(async () => (int)(await As(writer, a).GetFromJsonAsync<JsonObject>("/v1/me/summary"))!["today"]!["entries"]! == listed.Count,
                "the summary counts every stored entry once", timeoutMs: 30_000);
        }
        output.WriteLine($"every summary counts every stored entry {Stopwatch.GetElapsedTime(killedAt).TotalSeconds:0.0} s after the kill");
        Assert.False(a.Process.HasExited, a.Process.Output);
    }

    [Fact]
    public async Task A_node_stopped_with_SIGTERM_under_load_hands_over_without_a_failed_request_on_the_other()
    {
        await using var a = await NodeProcess.StartAsync(database);
        await using var b = await NodeProcess.StartAsync(database);
        await Eventually.True(async () => await ActiveSilosAsync() == 2, "both nodes are active members", timeoutMs: 30_000);

        // The writers' grains are spread over both silos; every request goes to A.
        var writers = new List<JournalClient>();
        for (var i = 0; i < Writers; i++) writers.Add(await JournalClient.RegisterAsync(a.CreateClient(), timeZone: "UTC"));
        var acknowledged = new ConcurrentBag<(Guid User, string Id)>();
        var failures = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var load = writers.Select(writer => WriteUntilStoppedAsync(writer, As(writer, a), acknowledged, failures, stop.Token)).ToList();
        await Eventually.True(() => acknowledged.Count >= 60, "the writers write", timeoutMs: 30_000);

        var stopping = Stopwatch.GetTimestamp();
        await b.Process.TerminateAsync(within: TimeSpan.FromSeconds(60));
        output.WriteLine($"B left in {Stopwatch.GetElapsedTime(stopping).TotalSeconds:0.0} s (exit code {await b.Process.ExitedAsync()})");
        var before = acknowledged.Count;
        await Eventually.True(() => acknowledged.Count >= before + 60, "the writers go on after B left", timeoutMs: 30_000);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.Equal(0, await b.Process.ExitedAsync());
        Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures.Take(5)));
        foreach (var writer in writers)
        {
            var listed = await ListEntryIdsAsync(As(writer, a));
            Assert.All(acknowledged.Where(w => w.User == writer.UserId), write => Assert.Contains(write.Id, listed));
        }
    }

    // Writes to A until stopped; anything but 201 is a failure.
    private static async Task WriteUntilStoppedAsync(
        JournalClient writer, HttpClient node, ConcurrentBag<(Guid, string)> acknowledged, ConcurrentBag<string> failures, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            try
            {
                var response = await node.PostAsJsonAsync("/v1/journal/entries", new { content = $"Entry {n} of a quiet day." }, stop);
                if (response.StatusCode == HttpStatusCode.Created)
                    acknowledged.Add((writer.UserId, (string)(await response.Content.ReadFromJsonAsync<JsonObject>(stop))!["id"]!));
                else
                    failures.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(stop)}");
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
    }

    private static async Task WriteUntilStoppedAsync(
        JournalClient writer, HttpClient[] nodes, ConcurrentBag<(Guid, string)> acknowledged, ConcurrentDictionary<Guid, long> lastSuccessOnA, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var node = nodes[n % nodes.Length];
            try
            {
                var response = await node.PostAsJsonAsync("/v1/journal/entries", new { content = $"Entry {n} of a busy day." }, stop);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    // Refused while the dead node's grains move: a 503 that says when to come back, never a 500.
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                    Assert.True(response.Headers.RetryAfter is not null, "a 503 without Retry-After");
                    continue;
                }
                acknowledged.Add((writer.UserId, (string)(await response.Content.ReadFromJsonAsync<JsonObject>(stop))!["id"]!));
                if (n % nodes.Length == 0) lastSuccessOnA[writer.UserId] = Stopwatch.GetTimestamp();
            }
            catch (HttpRequestException)
            {
                // The killed node: its connection is refused or cut, and the write is not acknowledged.
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
    }

    private static async Task<HashSet<string>> ListEntryIdsAsync(HttpClient http)
    {
        var ids = new HashSet<string>();
        string? cursor = null;
        do
        {
            var page = (await http.GetFromJsonAsync<JsonObject>("/v1/journal/entries?limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))))!;
            foreach (var item in page["items"]!.AsArray()) ids.Add((string)item!["id"]!);
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);
        return ids;
    }

    private static HttpClient As(JournalClient user, NodeProcess node)
    {
        var http = node.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        return http;
    }

    private async Task<long> ActiveSilosAsync()
    {
        await using var connection = database.DataSource.CreateConnection();
        // 3: SiloStatus.Active.
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM orleans_membership WHERE status = 3");
    }
}
