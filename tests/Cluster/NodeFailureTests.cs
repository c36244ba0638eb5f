using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Journal.Grains.Progress;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Journal.Tests.Cluster;

/// <summary>
/// Two nodes as separate processes on one database (issue 14): any node serves any user; a node killed
/// with SIGKILL, or stopped with SIGTERM, under load loses no acknowledged write, and the survivor
/// never answers 500 meanwhile (a call it cannot deliver is a 503 with Retry-After); the reminders whose
/// timers were on the killed node fire on the survivor.
/// </summary>
[Collection(NodeProcesses.Name)]
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

        // Writers alternate between the nodes; B is killed under their load, before their reminders are due.
        var writers = await RegisterWritersAsync(a, b);
        var due = DateTimeOffset.UtcNow.AddSeconds(8);
        foreach (var writer in writers)
            Assert.Equal(HttpStatusCode.Created, (await As(writer, a).PostAsJsonAsync("/v1/reminders", new { title = "Evening walk", remindAt = due.ToString("O") })).StatusCode);
        await using var load = await Load.StartAsync(writers, writer => [As(writer, a), As(writer, b)]);
        var killedAt = Stopwatch.GetTimestamp();
        await b.Process.KillAsync();

        // Recovered when every writer got a 2xx from A again after the kill (their grains that lived on B included).
        await Eventually.True(() => load.Writers.All(w => load.LastSuccessAt(w, a.Address) > killedAt), "every writer is served by the survivor", timeoutMs: 60_000);
        output.WriteLine($"every writer served again {Stopwatch.GetElapsedTime(killedAt, load.Writers.Max(w => load.LastSuccessAt(w, a.Address))).TotalSeconds:0.0} s after the kill");
        await Eventually.True(async () => await ActiveSilosAsync() == 1, "the killed node is declared dead", timeoutMs: 60_000);
        output.WriteLine($"declared dead {Stopwatch.GetElapsedTime(killedAt).TotalSeconds:0.0} s after the kill");
        await load.StopAsync();

        await AssertEveryAcknowledgedWriteCountedOnceAsync(load, a);
        // The reminders (their timers were on both nodes) fire on the survivor, each once.
        foreach (var writer in writers)
            await Eventually.True(async () => await RemindersInInboxAsync(As(writer, a)) > 0, "the pending reminder fires on the survivor", timeoutMs: 30_000);
        await Task.Delay(TimeSpan.FromSeconds(3));
        foreach (var writer in writers) Assert.Equal(1, await RemindersInInboxAsync(As(writer, a)));
        Assert.False(a.Process.HasExited, a.Process.Output);
    }

    private static async Task<int> RemindersInInboxAsync(HttpClient http) =>
        (await GetJsonAsync(http, "/v1/me/notifications?limit=100"))["items"]!.AsArray().Count(n => (string)n!["kind"]! == "reminder");

    [Fact]
    public async Task A_node_stopped_with_SIGTERM_under_load_leaves_without_losing_a_write()
    {
        await using var a = await NodeProcess.StartAsync(database);
        await using var b = await NodeProcess.StartAsync(database);
        await Eventually.True(async () => await ActiveSilosAsync() == 2, "both nodes are active members", timeoutMs: 30_000);

        // The writers' grains are spread over both silos; every request goes to A.
        await using var load = await Load.StartAsync(await RegisterWritersAsync(a, b), writer => [As(writer, a)]);
        var stopping = Stopwatch.GetTimestamp();
        await b.Process.TerminateAsync(within: TimeSpan.FromSeconds(60));
        output.WriteLine($"B left in {Stopwatch.GetElapsedTime(stopping).TotalSeconds:0.0} s");
        Assert.Equal(0, await b.Process.ExitedAsync());
        var before = load.Acknowledged.Count;
        await Eventually.True(() => load.Acknowledged.Count >= before + 60, "the writers go on after B left", timeoutMs: 30_000);
        await load.StopAsync();

        await AssertEveryAcknowledgedWriteCountedOnceAsync(load, a);
        // A node that leaves hands its grains over: no request to the one that stays fails meanwhile.
        Assert.True(load.Refusals.IsEmpty, $"{load.Refusals.Count} requests to A refused while B left:{Environment.NewLine}{a.Process.Output}");
    }

    // Half the writers first reach the cluster through B, so some of their grains live there.
    private static async Task<List<JournalClient>> RegisterWritersAsync(NodeProcess a, NodeProcess b)
    {
        var writers = new List<JournalClient>();
        for (var i = 0; i < Writers; i++) writers.Add(await JournalClient.RegisterAsync((i % 2 == 0 ? b : a).CreateClient(), timeZone: "UTC"));
        return writers;
    }

    private async Task AssertEveryAcknowledgedWriteCountedOnceAsync(Load load, NodeProcess survivor)
    {
        output.WriteLine($"{load.Acknowledged.Count} writes acknowledged, {load.Refusals.Count} refused with 503");
        Assert.True(load.Unexpected.IsEmpty, string.Join(Environment.NewLine, load.Unexpected.Take(3)) + Environment.NewLine + survivor.Process.Output);
        foreach (var writer in load.Writers)
        {
            var listed = await ListEntryIdsAsync(As(writer, survivor));
            // Every acknowledged write is there...
            Assert.All(load.Acknowledged.Where(w => w.User == writer.UserId), write => Assert.Contains(write.Id, listed));
            // ...and the progress counted each stored entry exactly once (no event lost or applied twice),
            // with the streak and garden those rows make: all written today, each worth the entry points.
            // Listed again each time: a write whose request the load cancelled when it stopped may still
            // commit after the first listing, unacknowledged but stored, and then it must be counted too.
            var counted = -1;
            var stored = "";
            await Eventually.True(async () =>
                {
                    counted = (int)(await GetJsonAsync(As(writer, survivor), "/v1/me/summary"))["today"]!["entries"]!;
                    stored = await StoredEntriesAsync(writer.UserId);
                    listed = await ListEntryIdsAsync(As(writer, survivor));
                    return counted == listed.Count;
                },
                () => $"the summary counts every stored entry once (it counts {counted} of {listed.Count} listed; {stored}); the surviving node said:{Environment.NewLine}{survivor.Process.Output}",
                timeoutMs: 30_000);
            var summary = await GetJsonAsync(As(writer, survivor), "/v1/me/summary");
            Assert.Equal(1, (int)summary["streak"]!["current"]!);
            Assert.Equal(Math.Min(GardenRules.DailyCap, GardenRules.EntryPoints * listed.Count), (int)summary["garden"]!["growthPoints"]!);
        }
    }

    // Which side is wrong when the summary and the list disagree: the rows, and the activity events in the outbox by kind.
    private async Task<string> StoredEntriesAsync(Guid userId)
    {
        await using var connection = database.DataSource.CreateConnection();
        var rows = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM journal_entries WHERE user_id = @userId", new { userId });
        var events = await connection.QueryAsync<(string Kind, long Count)>(
            """
            SELECT coalesce(payload->>'kind', payload->>'Kind', event_type), count(*) FROM stream_events
            WHERE replace(stream_key, '-', '') = @key GROUP BY 1 ORDER BY 1
            """, new { key = userId.ToString("N") });
        return $"{rows} rows stored, outbox events: {string.Join(", ", events.Select(e => $"{e.Kind} {e.Count}"))}";
    }

    private static async Task<HashSet<string>> ListEntryIdsAsync(HttpClient http)
    {
        var ids = new HashSet<string>();
        string? cursor = null;
        do
        {
            var page = await GetJsonAsync(http, "/v1/journal/entries?limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            foreach (var item in page["items"]!.AsArray()) ids.Add((string)item!["id"]!);
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);
        return ids;
    }

    /// <summary>A read as a client makes it while the cluster recovers: a 503 is tried again after its Retry-After, for a while.</summary>
    private static async Task<JsonObject> GetJsonAsync(HttpClient http, string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await http.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 30)
            {
                Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            }
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
        }
    }

    private static HttpClient As(JournalClient user, NodeProcess node) => node.CreateClient(user);

    private Task<long> ActiveSilosAsync() => NodeProcess.ActiveSilosAsync(database);

    /// <summary>Writers creating journal entries in a loop, each through its nodes in turn, until stopped.</summary>
    private sealed class Load : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentDictionary<(Guid, Uri), long> _lastSuccess = new();
        private List<Task> _loops = [];

        private Load(List<JournalClient> writers) => Writers = writers;

        public List<JournalClient> Writers { get; }

        public ConcurrentBag<(Guid User, string Id)> Acknowledged { get; } = [];

        /// <summary>503s with Retry-After: a refusal that says when to come back.</summary>
        public ConcurrentBag<string> Refusals { get; } = [];

        /// <summary>Any other answer but 201.</summary>
        public ConcurrentBag<string> Unexpected { get; } = [];

        public long LastSuccessAt(JournalClient writer, Uri node) => _lastSuccess.GetValueOrDefault((writer.UserId, node));

        /// <summary>Starts the writers and returns once they have written through their nodes a while.</summary>
        public static async Task<Load> StartAsync(List<JournalClient> writers, Func<JournalClient, HttpClient[]> nodesOf)
        {
            var load = new Load(writers);
            load._loops = [.. writers.Select(writer => load.WriteAsync(writer, nodesOf(writer)))];
            await Eventually.True(() => load.Acknowledged.Count >= 60, "the writers write", timeoutMs: 30_000);
            return load;
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_loops);
        }

        private async Task WriteAsync(JournalClient writer, HttpClient[] nodes)
        {
            for (var n = 0; !_stop.IsCancellationRequested; n++)
            {
                var node = nodes[n % nodes.Length];
                try
                {
                    var response = await node.PostAsJsonAsync("/v1/journal/entries", new { content = $"Entry {n} of a busy day." }, _stop.Token);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        Acknowledged.Add((writer.UserId, (string)(await response.Content.ReadFromJsonAsync<JsonObject>(_stop.Token))!["id"]!));
                        _lastSuccess[(writer.UserId, node.BaseAddress!)] = Stopwatch.GetTimestamp();
                    }
                    else if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null)
                        Refusals.Add(await response.Content.ReadAsStringAsync(_stop.Token));
                    else
                        Unexpected.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(_stop.Token)}");
                }
                catch (HttpRequestException)
                {
                    // The killed node: its connection is refused or cut, and the write is not acknowledged.
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }
    }
}
