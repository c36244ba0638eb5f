using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Api;

/// <summary>Journal entries through the REST facade (PRODUCT.md §2) on the real server.</summary>
public sealed class JournalApiTests(PostgresDatabase database) : ApiTest(database)
{
    [Fact]
    public async Task A_created_entry_has_server_figures_an_ETag_and_reads_back()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var response = await user.Http.PostAsJsonAsync("/v1/journal/entries", new
        {
            title = "Evening", content = "One two three four five six seven eight nine ten.", mood = "happy", moodRating = 7,
            tags = new[] { "Calm", "river", "calm" }, location = "Lyon", weather = "sunny", isPrivate = true,
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var entry = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        Assert.Equal(10, (int)entry["wordCount"]!);
        Assert.Equal(3, (int)entry["readingTimeSeconds"]!);
        Assert.Equal(["calm", "river"], entry["tags"]!.AsArray().Select(t => (string)t!));
        Assert.Equal("happy", (string)entry["mood"]!);
        var read = await user.GetJsonAsync($"/v1/journal/entries/{(string)entry["id"]!}");
        Assert.Equal("Evening", (string)read["title"]!);
        Assert.Equal("Lyon", (string)read["location"]!);
    }

    [Fact]
    public async Task Another_users_entry_is_404_for_every_verb()
    {
        var owner = await JournalClient.RegisterAsync(Api);
        var other = await JournalClient.RegisterAsync(Api);
        var id = (string)(await owner.CreateEntryAsync())["id"]!;

        await JournalClient.ProblemAsync(await other.Http.GetAsync($"/v1/journal/entries/{id}"), HttpStatusCode.NotFound);
        var put = new HttpRequestMessage(HttpMethod.Put, $"/v1/journal/entries/{id}") { Content = JsonContent.Create(new { content = "mine now", entryDate = "2026-01-01" }) };
        put.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        await JournalClient.ProblemAsync(await other.Http.SendAsync(put), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await other.Http.DeleteAsync($"/v1/journal/entries/{id}"), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await other.Http.PostAsync($"/v1/journal/entries/{id}/restore", null), HttpStatusCode.NotFound);
        Assert.Empty((await other.GetJsonAsync("/v1/journal/entries"))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await owner.Http.GetAsync($"/v1/journal/entries/{id}")).StatusCode);
    }

    [Fact]
    public async Task Updates_need_the_current_If_Match_and_a_stale_one_is_412()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var created = await user.CreateEntryAsync();
        var id = (string)created["id"]!;

        async Task<HttpResponseMessage> Put(string? etag, string content)
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/journal/entries/{id}") { Content = JsonContent.Create(new { content, entryDate = (string)created["entryDate"]! }) };
            if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
            return await user.Http.SendAsync(request);
        }

        await JournalClient.ProblemAsync(await Put(null, "no precondition"), (HttpStatusCode)428);
        await JournalClient.ProblemAsync(await Put("not-a-tag", "bad header"), HttpStatusCode.BadRequest);
        await JournalClient.ProblemAsync(await Put("W/\"1\"", "weak tags never match"), HttpStatusCode.PreconditionFailed);
        await JournalClient.ProblemAsync(await Put("\"99999999999999999999\"", "a tag never issued"), HttpStatusCode.PreconditionFailed);
        await JournalClient.ProblemAsync(await Put("\"01\"", "not the same tag"), HttpStatusCode.PreconditionFailed);
        var first = await Put("\"1\"", "first edit");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"2\"", first.Headers.ETag!.Tag);
        var stale = await JournalClient.ProblemAsync(await Put("\"1\"", "lost update"), HttpStatusCode.PreconditionFailed);
        Assert.Equal("precondition-failed", (string)stale["type"]!);
        Assert.Equal("first edit", (string)(await user.GetJsonAsync($"/v1/journal/entries/{id}"))["content"]!);
        Assert.Equal(HttpStatusCode.OK, (await Put("\"7\", \"2\",", "one of a list matches")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Put("*", "any version")).StatusCode);
        Assert.Equal("any version", (string)(await user.GetJsonAsync($"/v1/journal/entries/{id}"))["content"]!);
    }

    [Fact]
    public async Task A_retried_create_with_the_same_Idempotency_Key_returns_the_first_entry()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Create(string content)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/journal/entries") { Content = JsonContent.Create(new { content }) };
            request.Headers.Add("Idempotency-Key", key);
            return await user.Http.SendAsync(request);
        }

        var first = await Create("flaky network entry");
        var retry = await Create("flaky network entry");
        var misuse = await Create("a different entry");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal((string)(await first.Content.ReadFromJsonAsync<JsonObject>())!["id"]!, (string)(await retry.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
        Assert.Equal("idempotency-key-reused", (string)(await JournalClient.ProblemAsync(misuse, HttpStatusCode.UnprocessableEntity))["type"]!);
        Assert.Single((await user.GetJsonAsync("/v1/journal/entries"))["items"]!.AsArray());
    }

    [Theory]
    [InlineData("content", "{\"title\":\"no content\"}")]
    [InlineData("content", "{\"content\":\"nul \\u0000 inside\"}")]
    [InlineData("mood", "{\"content\":\"x\",\"mood\":\"elated\"}")]
    [InlineData("moodRating", "{\"content\":\"x\",\"moodRating\":11}")]
    [InlineData("tags", "{\"content\":\"x\",\"tags\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\",\"l\",\"m\",\"n\",\"o\",\"p\",\"q\",\"r\",\"s\",\"t\",\"u\"]}")]
    [InlineData("title", "{\"content\":\"x\",\"title\":\"TITLE_201\"}")]
    [InlineData("entryDate", "{\"content\":\"x\",\"entryDate\":\"2999-01-01\"}")]
    [InlineData("entryDate", "{\"content\":\"x\",\"entryDate\":\"0001-01-01\"}")]
    [InlineData("moodRating", "{\"content\":\"x\",\"moodRating\":\"very\"}")]
    public async Task Invalid_entries_are_400_naming_the_field_and_nothing_is_written(string field, string json)
    {
        var user = await JournalClient.RegisterAsync(Api);
        var body = json.Replace("TITLE_201", new string('t', 201));

        var response = await user.Http.PostAsync("/v1/journal/entries", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await JournalClient.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
        Assert.Empty((await user.GetJsonAsync("/v1/journal/entries"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Content_over_20000_characters_is_refused()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var response = await user.Http.PostAsJsonAsync("/v1/journal/entries", new { content = new string('a', 20_001) });
        Assert.True((await JournalClient.ProblemAsync(response, HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("content"));
    }

    [Fact]
    public async Task Deleted_entries_go_to_the_trash_and_can_be_restored()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var id = (string)(await user.CreateEntryAsync())["id"]!;

        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.DeleteAsync($"/v1/journal/entries/{id}")).StatusCode);
        await JournalClient.ProblemAsync(await user.Http.GetAsync($"/v1/journal/entries/{id}"), HttpStatusCode.NotFound);
        Assert.Empty((await user.GetJsonAsync("/v1/journal/entries"))["items"]!.AsArray());
        Assert.Single((await user.GetJsonAsync("/v1/journal/entries?trash=true"))["items"]!.AsArray());

        var restored = await user.PostJsonAsync($"/v1/journal/entries/{id}/restore", new { }, HttpStatusCode.OK);
        Assert.Null(restored["deletedAt"]);
        Assert.Equal(3, (int)restored["version"]!);
        Assert.Single((await user.GetJsonAsync("/v1/journal/entries"))["items"]!.AsArray());
        await JournalClient.ProblemAsync(await user.Http.PostAsync($"/v1/journal/entries/{id}/restore", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Lists_page_with_cursors_and_filter_by_date_mood_and_tag()
    {
        var user = await JournalClient.RegisterAsync(Api, timeZone: "UTC");
        for (var day = 1; day <= 5; day++)
            await user.CreateEntryAsync($"day {day}", new { entryDate = $"2026-03-0{day}", mood = day % 2 == 0 ? "sad" : "happy", tags = day <= 2 ? new[] { "work" } : new[] { "home" } });

        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await user.GetJsonAsync("/v1/journal/entries?limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            ids.AddRange(page["items"]!.AsArray().Select(e => (string)e!["entryDate"]!));
            cursor = (string?)page["nextCursor"];
        } while (cursor is not null);

        Assert.Equal(["2026-03-05", "2026-03-04", "2026-03-03", "2026-03-02", "2026-03-01"], ids);
        Assert.Equal(2, (await user.GetJsonAsync("/v1/journal/entries?mood=sad"))["items"]!.AsArray().Count);
        Assert.Equal(2, (await user.GetJsonAsync("/v1/journal/entries?tag=work"))["items"]!.AsArray().Count);
        Assert.Equal(5, (await user.GetJsonAsync("/v1/journal/entries?tag="))["items"]!.AsArray().Count);
        Assert.Equal(3, (await user.GetJsonAsync("/v1/journal/entries?from=2026-03-02&to=2026-03-04"))["items"]!.AsArray().Count);
        foreach (var forged in new[] { "garbage", Base64Url("2026-03-01|-1|" + Guid.NewGuid().ToString("N")), Base64Url("2026-03-01|x|y") })
        {
            var badCursor = await JournalClient.ProblemAsync(await user.Http.GetAsync("/v1/journal/entries?cursor=" + forged), HttpStatusCode.BadRequest);
            Assert.True(badCursor["errors"]!.AsObject().ContainsKey("cursor"));
        }
        await JournalClient.ProblemAsync(await user.Http.GetAsync("/v1/checkins?cursor=" + Base64Url("-5|" + Guid.NewGuid().ToString("N"))), HttpStatusCode.BadRequest);
        await JournalClient.ProblemAsync(await user.Http.GetAsync("/v1/journal/entries?limit=101"), HttpStatusCode.BadRequest);
        var badFlag = await JournalClient.ProblemAsync(await user.Http.GetAsync("/v1/journal/entries?trash=body"), HttpStatusCode.BadRequest);
        Assert.True(badFlag["errors"]!.AsObject().ContainsKey("trash"), badFlag.ToJsonString());

        var tags = await user.GetJsonAsync("/v1/journal/tags?prefix=ho");
        Assert.Equal("home", (string)tags["items"]![0]!["tag"]!);
        Assert.Equal(3, (int)tags["items"]![0]!["entries"]!);
        var calendar = await user.GetJsonAsync("/v1/journal/calendar?month=2026-03");
        Assert.Equal(5, calendar["items"]!.AsArray().Count);
        Assert.Equal("sad", (string)calendar["items"]![1]!["dominantMood"]!);
        await JournalClient.ProblemAsync(await user.Http.GetAsync("/v1/journal/calendar?month=2026-13"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_entries_table_holds_no_plaintext()
    {
        var user = await JournalClient.RegisterAsync(Api);
        await user.CreateEntryAsync("my secret confession about Rosebud", new { title = "Secret title Zanzibar", location = "Hidden Valley" });

        await using var connection = Database.DataSource.CreateConnection();
        var sealedTexts = (await connection.QueryAsync<byte[]>("SELECT sealed_text FROM journal_entries WHERE user_id = @UserId", new { user.UserId })).ToList();
        var dump = string.Join('\n', await connection.QueryAsync<string>("SELECT row_to_json(e)::text FROM journal_entries e"))
            + string.Join('\n', await connection.QueryAsync<string>("SELECT coalesce(payload::text, '') FROM grain_state"))
            + string.Join('\n', await connection.QueryAsync<string>("SELECT payload::text FROM stream_events"));

        Assert.Single(sealedTexts);
        foreach (var secret in new[] { "Rosebud", "Zanzibar", "Hidden Valley" })
        {
            Assert.DoesNotContain(secret, dump);
            Assert.DoesNotContain(secret, Encoding.UTF8.GetString(sealedTexts[0]));
        }
    }

    private static string Base64Url(string text) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
}
