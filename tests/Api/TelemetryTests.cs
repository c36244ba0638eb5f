using Journal.Tests.Infrastructure;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Journal.Tests.Api;

/// <summary>Traces and metrics are exported over OTLP only when an endpoint is configured, and never carry journal text.</summary>
public sealed class TelemetryTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Without_an_endpoint_no_meter_provider_is_built()
    {
        await using var api = new ApiFactory(database);
        api.CreateClient();

        Assert.Null(api.Services.GetService<MeterProvider>());
        Assert.Null(api.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task A_request_is_one_trace_from_the_HTTP_span_through_the_grain_call_to_its_SQL_with_no_journal_text()
    {
        await using var receiver = new OtlpReceiver();
        const string Secret = "Marigold whispers beneath the aqueduct";
        string[] privateWords = ["Marigold", "whispers", "aqueduct"];
        string refreshToken, accessToken;
        // The requests carry a caller's trace: the provider exports the activities of every host in this
        // process, and the test classes running alongside make refresh requests of their own.
        var traceId = ActivityTraceId.CreateRandom();
        var callerContext = $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01";
        await using (var api = new ApiFactory(database, new Dictionary<string, string>
                     {
                         ["Telemetry:OtlpEndpoint"] = receiver.Endpoint.ToString(), ["Telemetry:OtlpProtocol"] = "http/protobuf",
                     }))
        {
            var user = await JournalClient.RegisterAsync(api);
            await user.CreateEntryAsync(Secret, new { title = "aqueduct" });
            user.Http.DefaultRequestHeaders.Add("traceparent", callerContext);
            await user.GetJsonAsync("/v1/journal/search?q=aqueduct");
            refreshToken = user.RefreshToken;
            var refreshed = await api.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/auth/refresh")
            {
                Content = JsonContent.Create(new { refreshToken }), Headers = { { "traceparent", callerContext } },
            });
            refreshed.EnsureSuccessStatusCode();
            accessToken = (string)(await refreshed.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!;
            // Exported while the host runs: the flush when it stops is bounded in time, and on a busy
            // machine it once delivered nothing.
            var tracing = api.Services.GetRequiredService<TracerProvider>();
            await Eventually.True(() => tracing.ForceFlush(5_000) && receiver.Spans.Any(s => s.TraceId == traceId.ToHexString() && s.Attributes.GetValueOrDefault("http.route") == "/v1/auth/refresh"),
                "the refresh request's span was exported", timeoutMs: 30_000);
        }

        var spans = receiver.Spans;
        var trace = spans.Where(s => s.TraceId == traceId.ToHexString()).ToList();
        var request = Assert.Single(trace, s => s.Attributes.GetValueOrDefault("http.route") == "/v1/auth/refresh");
        var sql = Assert.Single(trace, s => s.Scope == "Npgsql" && s.Attributes.Values.Any(v => v.Contains("FROM refresh_tokens t WHERE")));
        var ancestry = Ancestry(sql, trace);
        Assert.Contains(ancestry, s => s.Scope == "Microsoft.Orleans.Application" && s.Name.Contains("RefreshAsync"));
        Assert.Equal(request.SpanId, ancestry[^1].SpanId);

        // Nothing private anywhere in what left the process: not the words, not the tokens.
        var exported = string.Join("\n", receiver.TraceExports.Select(e => Encoding.UTF8.GetString(e)));
        foreach (var word in privateWords.Append(refreshToken.Split('.')[2]).Append(accessToken))
            Assert.DoesNotContain(word, exported, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(trace, s => s.Attributes.GetValueOrDefault("http.route") == "/v1/journal/search");
    }

    // The span's chain of exported parents within its trace, nearest first: the last is the request the caller sent.
    private static List<OtlpSpan> Ancestry(OtlpSpan span, List<OtlpSpan> trace)
    {
        var chain = new List<OtlpSpan>();
        for (var parent = trace.SingleOrDefault(s => s.SpanId == span.ParentSpanId); parent is not null;
             parent = trace.SingleOrDefault(s => s.SpanId == parent.ParentSpanId))
            chain.Add(parent);
        return chain;
    }

    [Fact]
    public async Task With_an_endpoint_the_meter_provider_runs_with_the_app()
    {
        await using var api = new ApiFactory(database, new Dictionary<string, string> { ["Telemetry:OtlpEndpoint"] = "http://127.0.0.1:4317" });
        var response = await api.CreateClient().GetAsync("/health/live");

        response.EnsureSuccessStatusCode();
        Assert.NotNull(api.Services.GetService<MeterProvider>());
    }

    [Fact]
    public void A_malformed_endpoint_stops_the_start_with_a_message()
    {
        using var api = new ApiFactory(database, new Dictionary<string, string> { ["Telemetry:OtlpEndpoint"] = "not a uri" });

        var error = Assert.Throws<InvalidOperationException>(() => api.CreateClient());

        Assert.Contains("'not a uri' is not an absolute URI", error.Message);
    }
}
