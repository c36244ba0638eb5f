using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Journal.Tests.Community;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Api;

/// <summary>
/// Reads answered from grain memory issue not one PostgreSQL command on their behalf: the summary of
/// an active user, and a community post with its comment tree. A category feed, a query across posts,
/// issues one.
/// </summary>
/// <remarks>
/// How the commands are counted. Npgsql emits one Activity per command on the ActivitySource
/// "Npgsql" (when something listens). Counting all of them around a request does not work: the
/// co-hosted silo's stream pulling agents, reminders and trimming poll the database all the time, and
/// other test classes run in parallel in this process (an ActivityListener is process-wide). So each
/// request is given its own W3C trace: the test sends a <c>traceparent</c> header with a fresh trace
/// id; ASP.NET Core's hosting (which starts its request activity because this listener also listens
/// to "Microsoft.AspNetCore") continues that trace; Orleans' activity propagation carries it into the
/// grain's turn (its "Microsoft.Orleans.Application" activity, started because this listener listens
/// to it too), so every Npgsql command issued for the request becomes a child in the same trace. Counting Npgsql
/// activities by TraceId then attributes commands to requests exactly, whatever runs in the background.
/// The same technique must count at least one command for a check-in (which inserts a row), otherwise
/// the zero for the summary would prove nothing.
/// Limit: grain activation is a lifecycle turn without a caller context, so a state read while
/// activating would not be in the request's trace; the summary calls here hit already active grains
/// (the user is active), which is the case this test is about.
/// </remarks>
public sealed class ReadsFromMemoryTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private readonly ConcurrentDictionary<ActivityTraceId, int> _commandsByTrace = new();
    private readonly ConcurrentDictionary<ActivityTraceId, byte> _requestTraces = new();
    private ActivityListener _listener = null!;
    private ApiFactory _api = null!;
    private int _commands;

    public Task InitializeAsync()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore" or "Microsoft.Orleans.Application",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity =>
            {
                if (activity.Source.Name == "Npgsql")
                {
                    Interlocked.Increment(ref _commands);
                    _commandsByTrace.AddOrUpdate(activity.TraceId, 1, (_, count) => count + 1);
                }
                else if (activity.Source.Name == "Microsoft.AspNetCore")
                {
                    _requestTraces.TryAdd(activity.TraceId, 0);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        _api = new ApiFactory(database, new Dictionary<string, string> { ["Telemetry:TraceGrainCalls"] = "true" });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _listener.Dispose();
    }

    [Fact]
    public async Task The_listener_sees_the_commands_of_a_request_that_writes()
    {
        var user = await JournalClient.RegisterAsync(_api);
        var before = Volatile.Read(ref _commands);

        await user.CreateEntryAsync();

        Assert.True(Volatile.Read(ref _commands) > before, "No Npgsql activity was seen around creating an entry: the listener counts nothing.");
    }

    [Fact]
    public async Task The_summary_of_an_active_user_issues_no_database_command_while_a_check_in_does()
    {
        var user = await JournalClient.RegisterAsync(_api);
        await user.CreateEntryAsync();
        // Warm up: the summary's grains are active, and the entry's stream delivery has settled.
        await SendTracedAsync(user, HttpMethod.Get, "/v1/me/summary");
        await SettleAsync();

        var checkIn = await SendTracedAsync(user, HttpMethod.Post, "/v1/checkins", new { anxietyLevel = 4 });
        var summaries = new List<(ActivityTraceId Trace, HttpResponseMessage Response)>();
        for (var i = 0; i < 20; i++) summaries.Add(await SendTracedAsync(user, HttpMethod.Get, "/v1/me/summary"));

        Assert.Equal(HttpStatusCode.Created, checkIn.Response.StatusCode);
        // The request activity did continue the trace we sent: otherwise no count below would mean anything.
        Assert.True(_requestTraces.ContainsKey(checkIn.Trace), "ASP.NET Core did not continue the sent trace.");
        Assert.True(CommandsIn(checkIn.Trace) >= 1, "The check-in's INSERT was not counted in its trace: the technique does not work.");
        foreach (var (trace, response) in summaries)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(_requestTraces.ContainsKey(trace), "ASP.NET Core did not continue the sent trace.");
            Assert.Equal(0, CommandsIn(trace));
        }
        var body = await summaries[^1].Response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
        Assert.Equal(1, (int)body!["today"]!["checkins"]!);
    }

    [Fact]
    public async Task A_post_and_its_comments_are_read_from_memory_and_a_feed_with_one_query()
    {
        var author = await JournalClient.RegisterAsync(_api);
        var reader = await JournalClient.RegisterAsync(_api);
        var post = await author.PostAsync();
        await reader.CommentAsync(post.Id());
        var paths = new[] { $"/v1/community/posts/{post.Id()}", $"/v1/community/posts/{post.Id()}/comments" };
        // Warm up: the post and thread grains (and the reader's account grain) are active.
        foreach (var path in paths) await SendTracedAsync(reader, HttpMethod.Get, path);

        foreach (var path in paths)
            for (var i = 0; i < 10; i++)
            {
                var (trace, response) = await SendTracedAsync(reader, HttpMethod.Get, path);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.True(_requestTraces.ContainsKey(trace), "ASP.NET Core did not continue the sent trace.");
                Assert.Equal(0, CommandsIn(trace));
            }
        var feed = await SendTracedAsync(reader, HttpMethod.Get, $"/v1/community/categories/{CommunityClient.GeneralDiscussion}/posts");
        Assert.Equal(HttpStatusCode.OK, feed.Response.StatusCode);
        Assert.Equal(1, CommandsIn(feed.Trace));
    }

    private int CommandsIn(ActivityTraceId trace) => _commandsByTrace.GetValueOrDefault(trace);

    /// <summary>Sends a request in a trace of its own (W3C traceparent), returning the trace id.</summary>
    private static async Task<(ActivityTraceId Trace, HttpResponseMessage Response)> SendTracedAsync(JournalClient user, HttpMethod method, string path, object? body = null)
    {
        var trace = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        if (body is not null) request.Content = JsonContent.Create(body);
        var response = await user.Http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return (trace, response);
    }

    /// <summary>
    /// Waits until no Npgsql command was seen for 1.5 s (the stream delivery of the warm-up's writes is
    /// done), at most 3 s. In practice the silo's background pollers are never quiet that long (the
    /// wait always ran into its cap when tried), which is why the counting is per trace and does not
    /// depend on this wait; it only gives the warm-up's stream delivery time to happen.
    /// </summary>
    private async Task SettleAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        var last = Volatile.Read(ref _commands);
        var quietSince = stopwatch.Elapsed;
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(3) && stopwatch.Elapsed - quietSince < TimeSpan.FromSeconds(1.5))
        {
            await Task.Delay(100);
            var now = Volatile.Read(ref _commands);
            if (now != last) (last, quietSince) = (now, stopwatch.Elapsed);
        }
    }
}
