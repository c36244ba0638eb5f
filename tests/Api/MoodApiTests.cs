using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Api;

/// <summary>Check-ins and the AI-usage log through the REST facade (PRODUCT.md §3).</summary>
public sealed class MoodApiTests(PostgresDatabase database) : ApiTest(database)
{
    [Fact]
    public async Task Check_ins_are_created_listed_newest_first_and_paged()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var start = DateTimeOffset.UtcNow.AddHours(-10);
        for (var i = 0; i < 5; i++)
            await user.PostJsonAsync("/v1/checkins", new { anxietyLevel = i + 1, mood = "anxious", triggers = new[] { "Work", "work", " sleep " }, notes = $"note {i}", at = start.AddHours(i) });

        var levels = new List<int>();
        string? cursor = null;
        do
        {
            var page = await user.GetJsonAsync("/v1/checkins?limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            levels.AddRange(page["items"]!.AsArray().Select(c => (int)c!["anxietyLevel"]!));
            cursor = (string?)page["nextCursor"];
        } while (cursor is not null);

        Assert.Equal([5, 4, 3, 2, 1], levels);
        var first = (await user.GetJsonAsync("/v1/checkins?limit=1"))["items"]![0]!;
        Assert.Equal(["work", "sleep"], first["triggers"]!.AsArray().Select(t => (string)t!));
        Assert.Equal("note 4", (string)first["notes"]!);
        var window = await user.GetJsonAsync($"/v1/checkins?from={Uri.EscapeDataString(start.AddHours(1).ToString("O"))}&to={Uri.EscapeDataString(start.AddHours(3).ToString("O"))}");
        Assert.Equal([4, 3, 2], window["items"]!.AsArray().Select(c => (int)c!["anxietyLevel"]!));
    }

    [Theory]
    [InlineData("anxietyLevel", "{}")]
    [InlineData("anxietyLevel", "{\"anxietyLevel\":11}")]
    [InlineData("anxietyLevel", "{\"anxietyLevel\":\"high\"}")]
    [InlineData("mood", "{\"anxietyLevel\":3,\"mood\":\"meh\"}")]
    [InlineData("at", "{\"anxietyLevel\":3,\"at\":\"2999-01-01T00:00:00Z\"}")]
    [InlineData("at", "{\"anxietyLevel\":3,\"at\":\"0001-01-01T00:00:00Z\"}")]
    [InlineData("notes", "{\"anxietyLevel\":3,\"notes\":\"bell \\u0007\"}")]
    public async Task Invalid_check_ins_are_400_naming_the_field_and_nothing_is_written(string field, string json)
    {
        var user = await JournalClient.RegisterAsync(Api);

        var response = await user.Http.PostAsync("/v1/checkins", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await JournalClient.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
        Assert.Empty((await user.GetJsonAsync("/v1/checkins"))["items"]!.AsArray());
        Assert.Equal(0, (int)(await user.GetJsonAsync("/v1/me/summary"))["today"]!["checkins"]!);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var response = await user.Http.PostAsync("/v1/checkins", new StringContent("{\"anxietyLevel\": 3", Encoding.UTF8, "application/json"));
        var problem = await JournalClient.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("bad-request", (string)problem["type"]!);
        Assert.Equal("The request body is not valid JSON.", (string)problem["detail"]!);
        var empty = await JournalClient.ProblemAsync(await user.Http.PostAsync("/v1/checkins", new StringContent("", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.DoesNotContain("CheckInBody", (string)empty["detail"]!);
        var notJson = await JournalClient.ProblemAsync(await user.Http.PostAsync("/v1/checkins", new StringContent("anxietyLevel=3", Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("The body must be JSON (Content-Type: application/json).", (string)notJson["detail"]!);
    }

    [Fact]
    public async Task Retried_creates_with_an_Idempotency_Key_are_applied_once()
    {
        var user = await JournalClient.RegisterAsync(Api);
        async Task<HttpResponseMessage> Post(string path, object body, string key)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await user.Http.SendAsync(request);
        }

        var checkInKey = Guid.NewGuid().ToString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Post("/v1/checkins", new { anxietyLevel = 5 }, checkInKey)));
        var usageKey = Guid.NewGuid().ToString();
        var usage = await Post("/v1/ai-usage", new { toolName = "assistant", durationMinutes = 20 }, usageKey);
        var usageRetry = await Post("/v1/ai-usage", new { toolName = "assistant", durationMinutes = 20 }, usageKey);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Single((await user.GetJsonAsync("/v1/checkins"))["items"]!.AsArray());
        Assert.Equal(1, (int)(await user.GetJsonAsync("/v1/me/summary"))["today"]!["checkins"]!);
        Assert.Equal(HttpStatusCode.Created, usage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, usageRetry.StatusCode);
        Assert.Single((await user.GetJsonAsync("/v1/ai-usage"))["items"]!.AsArray());
    }

    [Fact]
    public async Task AI_usage_is_validated_and_private_to_its_user()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var other = await JournalClient.RegisterAsync(Api);
        await user.PostJsonAsync("/v1/ai-usage", new { toolName = "Chat helper", durationMinutes = 45, notes = "Private AI note Quetzal" });

        var invalid = await JournalClient.ProblemAsync(await user.Http.PostAsJsonAsync("/v1/ai-usage", new { toolName = "", durationMinutes = 0 }), HttpStatusCode.BadRequest);

        Assert.True(invalid["errors"]!.AsObject().ContainsKey("toolName") && invalid["errors"]!.AsObject().ContainsKey("durationMinutes"));
        Assert.Equal("Private AI note Quetzal", (string)(await user.GetJsonAsync("/v1/ai-usage"))["items"]![0]!["notes"]!);
        Assert.Empty((await other.GetJsonAsync("/v1/ai-usage"))["items"]!.AsArray());
        await using var connection = Database.DataSource.CreateConnection();
        var stored = await connection.QuerySingleAsync<byte[]>("SELECT sealed_notes FROM ai_usage_logs WHERE user_id = @UserId", new { user.UserId });
        Assert.DoesNotContain("Quetzal", Encoding.UTF8.GetString(stored));
    }
}
