using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Journal.Grains.Journal.Search;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Api;

/// <summary>Search over encrypted entries through the blind index (PRODUCT.md §2), and typo-tolerant tag suggestions.</summary>
public sealed class SearchApiTests(PostgresDatabase database) : ApiTest(database)
{
    [Fact]
    public async Task Title_matches_rank_above_body_matches_and_running_is_found_for_run()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var body = (string)(await user.CreateEntryAsync("I went running along the canal, then running again after lunch, running until dusk."))["id"]!;
        var title = (string)(await user.CreateEntryAsync("A quiet day at home with tea.", new { title = "My morning run" }))["id"]!;
        var other = (string)(await user.CreateEntryAsync("Nothing about it at all."))["id"]!;

        var result = await user.SearchAsync("run");

        Assert.Equal([title, body], result["items"]!.AsArray().Select(hit => (string)hit!["entryId"]!));
        Assert.Equal(2, (int)result["total"]!);
        var first = result["items"]![0]!;
        Assert.Equal("My morning run", (string)first["title"]!);
        Assert.True((int)first["score"]! > (int)result["items"]![1]!["score"]!);
        Assert.Contains("running along the canal", (string)result["items"]![1]!["snippet"]!);
        Assert.Equal([body], await user.HitIdsAsync("runs+canal"));
        Assert.Equal([title, body], await user.HitIdsAsync("RUNNING"));
        Assert.DoesNotContain(other, await user.HitIdsAsync("run"));
        Assert.Empty(await user.HitIdsAsync("the+and"));
    }

    [Fact]
    public async Task The_database_holds_no_plaintext_term_and_the_index_goes_with_the_account()
    {
        var user = await JournalClient.RegisterAsync(Api);
        string[] secrets = ["Quokkaberry", "Xylophonist", "Marrakechian"];
        await user.CreateEntryAsync($"Visited the {secrets[1]} workshop", new { title = $"{secrets[0]} evening", location = secrets[2] });
        Assert.Single(await user.HitIdsAsync(secrets[0].ToLowerInvariant()));
        Assert.Single(await user.HitIdsAsync("marrakechian"));

        await using var connection = Database.DataSource.CreateConnection();
        var rows = (await connection.QueryAsync<string>("SELECT row_to_json(t)::text FROM journal_search_terms t WHERE user_id = @UserId", new { user.UserId })).ToList();
        var tokens = (await connection.QueryAsync<byte[]>("SELECT token FROM journal_search_terms WHERE user_id = @UserId", new { user.UserId })).ToList();
        var dump = string.Join('\n', rows)
            + string.Join('\n', await connection.QueryAsync<string>("SELECT coalesce(payload::text, '') FROM grain_state"))
            + string.Join('\n', await connection.QueryAsync<string>("SELECT payload::text FROM stream_events"));
        Assert.NotEmpty(rows);
        foreach (var secret in secrets)
        {
            foreach (var form in new[] { secret, secret.ToLowerInvariant(), EnglishStemmer.Stem(secret.ToLowerInvariant()) })
            {
                Assert.DoesNotContain(form, dump, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(form)), dump);
                Assert.All(tokens, token => Assert.False(token.AsSpan().IndexOf(Encoding.UTF8.GetBytes(form)) >= 0));
            }
        }

        var deletion = await user.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/v1/me") { Content = System.Net.Http.Json.JsonContent.Create(new { password = JournalClient.Password }) });
        Assert.Equal(HttpStatusCode.NoContent, deletion.StatusCode);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM journal_search_terms WHERE user_id = @UserId", new { user.UserId }));
    }

    [Fact]
    public async Task Another_users_entries_never_appear()
    {
        var alice = await JournalClient.RegisterAsync(Api);
        var bob = await JournalClient.RegisterAsync(Api);
        var alices = (string)(await alice.CreateEntryAsync("Thinking about the lighthouse again.", new { title = "Lighthouse" }))["id"]!;
        var bobs = (string)(await bob.CreateEntryAsync("The lighthouse keeper waved."))["id"]!;

        Assert.Equal([alices], await alice.HitIdsAsync("lighthouse"));
        Assert.Equal([bobs], await bob.HitIdsAsync("lighthouse"));
        Assert.Empty(await bob.HitIdsAsync("thinking"));
    }

    [Fact]
    public async Task Results_are_current_after_an_edit_a_delete_and_a_restore()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var entry = await user.CreateEntryAsync("Baking sourdough bread this morning.", new { title = "Kitchen" });
        var id = (string)entry["id"]!;
        Assert.Equal([id], await user.HitIdsAsync("sourdough"));

        await user.SendJsonAsync(HttpMethod.Put, $"/v1/journal/entries/{id}",
            new { title = "Garden", content = "Planting tulips instead.", entryDate = (string)entry["entryDate"]! }, "\"1\"").OkJsonAsync();
        Assert.Empty(await user.HitIdsAsync("sourdough"));
        Assert.Empty(await user.HitIdsAsync("kitchen"));
        Assert.Equal([id], await user.HitIdsAsync("tulip"));
        Assert.Equal([id], await user.HitIdsAsync("garden"));

        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.DeleteAsync($"/v1/journal/entries/{id}")).StatusCode);
        Assert.Empty(await user.HitIdsAsync("tulip"));

        await user.PostJsonAsync($"/v1/journal/entries/{id}/restore", new { }, HttpStatusCode.OK);
        Assert.Equal([id], await user.HitIdsAsync("tulip"));
    }

    [Fact]
    public async Task Facets_count_every_hit_and_filters_and_pages_narrow_them_exactly()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var expected = new List<(string Id, string Mood, string[] Tags, string Date)>();
        for (var i = 0; i < 7; i++)
        {
            var mood = i % 3 == 0 ? "sad" : "happy";
            string[] tags = i % 2 == 0 ? ["family", "evening"] : ["work"];
            var date = $"2026-03-{i + 1:00}";
            var created = await user.CreateEntryAsync($"A long walk number {i} in the park.", new { mood, tags, entryDate = date });
            expected.Add(((string)created["id"]!, mood, tags, date));
        }
        await user.CreateEntryAsync("No stroll today, only rain.", new { mood = "sad", tags = new[] { "family" } });

        var all = await user.SearchAsync("walk+park");

        Assert.Equal(7, (int)all["total"]!);
        Assert.Equal(Counts(expected.Select(e => e.Mood)), Facet(all, "moods", "mood"));
        Assert.Equal(Counts(expected.SelectMany(e => e.Tags)), Facet(all, "tags", "tag"));
        // Equal scores: newest entry date first.
        Assert.Equal(expected.OrderByDescending(e => e.Date).Select(e => e.Id), all["items"]!.AsArray().Select(hit => (string)hit!["entryId"]!));

        var sadFamily = await user.SearchAsync("walk&mood=sad&tag=family");
        var narrowed = expected.Where(e => e.Mood == "sad" && e.Tags.Contains("family")).ToList();
        Assert.Equal(narrowed.Count, (int)sadFamily["total"]!);
        Assert.Equal(narrowed.Count, Facet(sadFamily, "moods", "mood")["sad"]);
        var march = await user.SearchAsync("walk&from=2026-03-03&to=2026-03-05");
        Assert.Equal(["2026-03-05", "2026-03-04", "2026-03-03"], march["items"]!.AsArray().Select(hit => (string)hit!["entryDate"]!));

        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var page = await user.SearchAsync("walk&limit=3" + (cursor is null ? "" : "&cursor=" + cursor));
            Assert.Equal(7, (int)page["total"]!);
            paged.AddRange(page["items"]!.AsArray().Select(hit => (string)hit!["entryId"]!));
            cursor = (string?)page["nextCursor"];
        } while (cursor is not null);
        Assert.Equal(all["items"]!.AsArray().Select(hit => (string)hit!["entryId"]!), paged);
    }

    [Fact]
    public async Task Entries_written_before_the_index_existed_are_indexed_when_the_journal_activates()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var id = (string)(await user.CreateEntryAsync("An old entry about origami cranes."))["id"]!;
        await using (var connection = Database.DataSource.CreateConnection())
            await connection.ExecuteAsync("DELETE FROM journal_search_terms WHERE user_id = @UserId", new { user.UserId });

        await RestartAsync();
        var again = await JournalClient.LoginAsync(Api, user.Username);

        Assert.Equal([id], await again.HitIdsAsync("crane"));
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("?q=", "q")]
    [InlineData("?q=walk&mood=meh", "mood")]
    [InlineData("?q=walk&from=yesterday", "from")]
    [InlineData("?q=walk&limit=0", "limit")]
    [InlineData("?q=walk&cursor=bm9wZQ", "cursor")]
    public async Task Invalid_searches_are_400_naming_the_field(string query, string field)
    {
        var user = await JournalClient.RegisterAsync(Api);
        await user.CreateEntryAsync("walk");

        var problem = await JournalClient.ProblemAsync(await user.Http.GetAsync("/v1/journal/search" + query), HttpStatusCode.BadRequest);

        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Fact]
    public async Task Tag_suggestions_put_prefix_matches_first_then_tolerate_a_typo()
    {
        var user = await JournalClient.RegisterAsync(Api);
        await user.CreateEntryAsync("one", new { tags = new[] { "anxiety", "work" } });
        await user.CreateEntryAsync("two", new { tags = new[] { "anxiety", "anniversary" } });
        var trashed = (string)(await user.CreateEntryAsync("three", new { tags = new[] { "anxious" } }))["id"]!;
        await user.Http.DeleteAsync($"/v1/journal/entries/{trashed}");

        var typo = (await user.GetJsonAsync("/v1/journal/tags?prefix=anxeity"))["items"]!.AsArray();
        var prefix = (await user.GetJsonAsync("/v1/journal/tags?prefix=an"))["items"]!.AsArray();

        Assert.Equal("anxiety", (string)typo[0]!["tag"]!);
        Assert.Equal(2, (int)typo[0]!["entries"]!);
        Assert.DoesNotContain(typo, tag => (string)tag!["tag"]! is "anxious" or "work");
        Assert.Equal(["anxiety", "anniversary"], prefix.Select(tag => (string)tag!["tag"]!));
        Assert.Equal(["anxiety"], (await user.GetJsonAsync("/v1/journal/tags?prefix=anxi"))["items"]!.AsArray().Select(tag => (string)tag!["tag"]!));
    }

    private static Dictionary<string, int> Counts(IEnumerable<string> values) => values.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());

    private static Dictionary<string, int> Facet(JsonObject result, string facet, string key) =>
        result["facets"]![facet]!.AsArray().ToDictionary(item => (string)item![key]!, item => (int)item!["entries"]!);
}
