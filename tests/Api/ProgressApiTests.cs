using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Api;

/// <summary>Summary, streak and garden through the API: read-your-writes, concurrency and durability (PRODUCT.md §4).</summary>
public sealed class ProgressApiTests(PostgresDatabase database) : ApiTest(database)
{
    [Fact]
    public async Task A_write_is_in_the_summary_as_soon_as_it_returned_every_time()
    {
        var user = await JournalClient.RegisterAsync(Api);
        for (var i = 1; i <= 25; i++)
        {
            if (i % 2 == 0) await user.PostJsonAsync("/v1/checkins", new { anxietyLevel = 3 });
            else await user.CreateEntryAsync($"entry number {i} with a few words");

            var summary = await user.GetJsonAsync("/v1/me/summary");
            Assert.Equal(1, (int)summary["streak"]!["current"]!);
            Assert.Equal((i + 1) / 2, (int)summary["today"]!["entries"]!);
            Assert.Equal(i / 2, (int)summary["today"]!["checkins"]!);
            Assert.NotEmpty(summary["garden"]!["plants"]!.AsArray());
        }
    }

    [Fact]
    public async Task Fifty_parallel_writes_leave_exact_counts_and_one_streak_increment()
    {
        var user = await JournalClient.RegisterAsync(Api);
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => i % 2 == 0
            ? user.PostJsonAsync("/v1/checkins", new { anxietyLevel = 1 + i % 10, notes = $"note {i}" })
            : user.CreateEntryAsync($"parallel entry {i}")));

        var summary = await user.GetJsonAsync("/v1/me/summary");
        Assert.Equal(25, (int)summary["today"]!["entries"]!);
        Assert.Equal(25, (int)summary["today"]!["checkins"]!);
        var streak = await user.GetJsonAsync("/v1/me/streak");
        Assert.Equal(1, (int)streak["current"]!);
        Assert.Single(streak["history"]!.AsArray());
        Assert.Equal(25, (await user.GetJsonAsync("/v1/journal/entries?limit=100"))["items"]!.AsArray().Count);
        Assert.Equal(25, (await user.GetJsonAsync("/v1/checkins?limit=100"))["items"]!.AsArray().Count);
        // The garden's daily cap holds however many writes race.
        Assert.Equal(20, (int)summary["garden"]!["growthPoints"]!);
    }

    [Fact]
    public async Task The_garden_can_be_renamed_and_rethemed_with_validation()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var before = await user.GetJsonAsync("/v1/me/summary");
        var response = await user.Http.PatchAsJsonAsync("/v1/me/garden", new { name = "Quiet corner", theme = "zen" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Quiet corner", (string)(await user.GetJsonAsync("/v1/me/garden"))["name"]!);
        // The summary read before the change is not the one read after it.
        Assert.NotEqual("Quiet corner", (string)before["garden"]!["name"]!);
        Assert.Equal("zen", (string)(await user.GetJsonAsync("/v1/me/summary"))["garden"]!["theme"]!);
        var bad = await JournalClient.ProblemAsync(await user.Http.PatchAsJsonAsync("/v1/me/garden", new { theme = "volcano" }), HttpStatusCode.BadRequest);
        Assert.True(bad["errors"]!.AsObject().ContainsKey("theme"));
    }

    [Fact]
    public async Task A_new_host_on_the_same_database_sees_everything()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var entry = await user.CreateEntryAsync("durable words", new { title = "Kept" });
        await user.PostJsonAsync("/v1/checkins", new { anxietyLevel = 4, notes = "kept notes" });
        await RestartAsync();
        var again = await JournalClient.LoginAsync(Api, user.Username);

        Assert.Equal("Kept", (string)(await again.GetJsonAsync($"/v1/journal/entries/{(string)entry["id"]!}"))["title"]!);
        Assert.Equal("kept notes", (string)(await again.GetJsonAsync("/v1/checkins"))["items"]![0]!["notes"]!);
        var summary = await again.GetJsonAsync("/v1/me/summary");
        Assert.Equal(1, (int)summary["streak"]!["current"]!);
        Assert.Equal(1, (int)summary["today"]!["entries"]!);
        Assert.Equal(1, (int)summary["today"]!["checkins"]!);
        // The old access token is still valid: the session lives in the database, not in the old host.
        var oldToken = Api.CreateClient();
        oldToken.DefaultRequestHeaders.Authorization = new("Bearer", user.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await oldToken.GetAsync("/v1/me")).StatusCode);
    }
}
