using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Journal.Api.Journal;
using Journal.GrainInterfaces.Journal;
using Journal.Grains.Privacy;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;
using Journal.Tests.Insights;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Journal.Tests.SecretTags;

/// <summary>Secret tags through the REST facade (PRODUCT.md §2, docs/SECRET_TAGS.md), on the real silo and PostgreSQL.</summary>
public sealed class SecretTagApiTests(PostgresDatabase database) : ApiTest(database, SecretTagClient.CheapKdf)
{
    private const string Phrase = "purple elephants at dawn";

    [Fact]
    public async Task A_tag_is_created_listed_and_unlocked_only_with_its_phrase()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var created = await user.PostJsonAsync("/v1/journal/secret-tags", new { name = "Therapy", color = "#aa3366", phrase = Phrase });
        var id = (string)created["id"]!;
        Assert.Equal(("Therapy", "#aa3366"), ((string)created["name"]!, (string)created["color"]!));
        Assert.DoesNotContain("phrase", created.ToJsonString());

        var listed = await user.GetJsonAsync("/v1/journal/secret-tags");
        Assert.Equal([id], listed["items"]!.AsArray().Select(tag => (string)tag!["id"]!));
        Assert.Null(listed["nextCursor"]);

        var unlock = await user.PostJsonAsync($"/v1/journal/secret-tags/{id}/unlock", new { phrase = Phrase }, HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty((string)unlock["token"]!));
        var expiresIn = DateTimeOffset.Parse((string)unlock["expiresAt"]!) - DateTimeOffset.UtcNow;
        Assert.InRange(expiresIn, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));

        var wrong = await JournalClient.ProblemAsync(await user.TryUnlockAsync(id, "purple elephants at dusk"), HttpStatusCode.Forbidden);
        Assert.Equal("wrong-secret-phrase", (string)wrong["type"]!);
        await JournalClient.ProblemAsync(await user.TryUnlockAsync(Guid.NewGuid().ToString(), Phrase), HttpStatusCode.NotFound);
        var other = await JournalClient.RegisterAsync(Api);
        await JournalClient.ProblemAsync(await other.TryUnlockAsync(id, Phrase), HttpStatusCode.NotFound);
        Assert.Empty((await other.GetJsonAsync("/v1/journal/secret-tags"))["items"]!.AsArray());

        var invalid = await JournalClient.ProblemAsync(await user.Http.PostAsJsonAsync("/v1/journal/secret-tags", new { name = "Short", phrase = "short", color = "red" }),
            HttpStatusCode.BadRequest);
        Assert.NotNull(invalid["errors"]!["phrase"]);
        Assert.NotNull(invalid["errors"]!["color"]);
        var duplicate = await JournalClient.ProblemAsync(await user.Http.PostAsJsonAsync("/v1/journal/secret-tags", new { name = "therapy", phrase = Phrase }),
            HttpStatusCode.BadRequest);
        Assert.NotNull(duplicate["errors"]!["name"]);
    }

    [Fact]
    public async Task A_secret_entry_is_absent_everywhere_without_the_unlock_and_present_with_it()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var tag = await user.SecretTagAsync(Phrase);
        var unlock = await user.UnlockAsync(tag, Phrase);
        var plain = (string)(await user.CreateEntryAsync("A calm walk by the river.", new { mood = "happy", tags = new[] { "walk" } }))["id"]!;
        var secretEntry = await user.SecretEntryAsync(tag, unlock, "Zanzibar memories I keep for myself.",
            new { title = "Zanzibar", mood = "anxious", tags = new[] { "hidden-thing" }, location = "Stone Town" });
        var secret = (string)secretEntry["id"]!;
        Assert.Equal(tag, (string)secretEntry["secretTagId"]!);
        Assert.Equal(("anxious", 6), ((string)secretEntry["mood"]!, (int)secretEntry["wordCount"]!));
        var month = ((string)secretEntry["entryDate"]!)[..7];

        // Without the unlock: no trace in the list, the entry, the calendar, search, tags or the export.
        Assert.Equal([plain], await user.EntryIdsAsync(null));
        await JournalClient.ProblemAsync(await user.SendAsync(HttpMethod.Get, $"/v1/journal/entries/{secret}", null), HttpStatusCode.NotFound);
        var calendar = await user.GetJsonAsync($"/v1/journal/calendar?month={month}", null);
        Assert.Equal(1, calendar["items"]!.AsArray().Sum(day => (int)day!["entries"]!));
        Assert.Equal(0, (int)(await user.GetJsonAsync("/v1/journal/search?q=zanzibar", null))["total"]!);
        Assert.DoesNotContain("hidden-thing", (await user.GetJsonAsync("/v1/journal/tags?prefix=hid", null)).ToJsonString());
        var export = await user.GetJsonAsync("/v1/me/export", null);
        Assert.DoesNotContain("Zanzibar", export.ToJsonString());
        Assert.Equal(1, (int)export["secretTags"]!["withheldEntries"]!);
        Assert.Single(export["journalEntries"]!.AsArray());

        // With it: everywhere, with its figures and text.
        Assert.Equal([secret, plain], (await user.EntryIdsAsync(unlock)).OrderBy(id => id == plain));
        var read = await user.GetJsonAsync($"/v1/journal/entries/{secret}", unlock);
        Assert.Equal(("Zanzibar", "Stone Town", "hidden-thing"), ((string)read["title"]!, (string)read["location"]!, (string)read["tags"]![0]!));
        Assert.Equal(2, (await user.GetJsonAsync($"/v1/journal/calendar?month={month}", unlock))["items"]!.AsArray().Sum(day => (int)day!["entries"]!));
        var found = await user.GetJsonAsync("/v1/journal/search?q=zanzibar%20memory", unlock);
        Assert.Equal(1, (int)found["total"]!);
        Assert.Equal(secret, (string)found["items"]![0]!["entryId"]!);
        Assert.Contains("hidden-thing", (await user.GetJsonAsync("/v1/journal/tags?prefix=hid", unlock)).ToJsonString());
        Assert.Equal(secret, (string)(await user.GetJsonAsync("/v1/journal/entries?mood=anxious", unlock))["items"]![0]!["id"]!);
        var unlockedExport = await user.GetJsonAsync("/v1/me/export", unlock);
        Assert.Contains("Zanzibar memories", unlockedExport.ToJsonString());
        Assert.Equal(0, (int)unlockedExport["secretTags"]!["withheldEntries"]!);
        Assert.Equal("Private", (string)unlockedExport["secretTags"]!["tags"]![0]!["name"]!);

        // Writing into the tag needs its unlock; editing and deleting a secret entry too (without it, it is not there).
        var locked = await JournalClient.ProblemAsync(
            await user.SendAsync(HttpMethod.Post, "/v1/journal/entries", null, new { content = "More.", secretTagId = tag }), HttpStatusCode.Forbidden);
        Assert.Equal("secret-tag-locked", (string)locked["type"]!);
        await JournalClient.ProblemAsync(
            await user.SendAsync(HttpMethod.Post, "/v1/journal/entries", unlock, new { content = "More.", secretTagId = Guid.NewGuid() }), HttpStatusCode.BadRequest);
        await JournalClient.ProblemAsync(await user.SendAsync(HttpMethod.Delete, $"/v1/journal/entries/{secret}", null), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await user.SendAsync(HttpMethod.Delete, $"/v1/journal/entries/{secret}", unlock)).StatusCode);
        Assert.Empty(await user.EntryIdsAsync(null, "?trash=true"));
        Assert.Equal([secret], await user.EntryIdsAsync(unlock, "?trash=true"));
        await JournalClient.ProblemAsync(await user.SendAsync(HttpMethod.Post, $"/v1/journal/entries/{secret}/restore", null), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await user.SendAsync(HttpMethod.Post, $"/v1/journal/entries/{secret}/restore", unlock)).StatusCode);
    }

    [Fact]
    public async Task At_rest_a_secret_entry_opens_neither_with_the_users_key_nor_from_the_row()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var tag = await user.SecretTagAsync(Phrase, name: "Nobody knows");
        var unlock = await user.UnlockAsync(tag, Phrase);
        var id = await CreateWithKeyAsync(user,
            new JournalEndpoints.EntryBody(null, "Quixotic secret about Marguerite.", "sad", null, ["marguerite"], null, null, null, null, null, Guid.Parse(tag)), unlock);

        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        var row = await connection.QuerySingleAsync<(string? Mood, string[] Tags, bool IsPrivate, int WordCount, double? Sentiment, byte[] SealedText, Guid SecretTagId)>(
            "SELECT mood, tags, is_private, word_count, sentiment, sealed_text, secret_tag_id FROM journal_entries WHERE id = @id", new { id });
        Assert.Equal((null, 0, true, 0, null, Guid.Parse(tag)), (row.Mood, row.Tags.Length, row.IsPrivate, row.WordCount, row.Sentiment, row.SecretTagId));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM journal_search_terms WHERE entry_id = @id", new { id }));

        // The user's data key (what the master key unwraps from the database) opens none of it.
        var userKey = (await Api.Services.GetRequiredService<UserKeyStore>().LoadAsync(user.UserId))!;
        Assert.ThrowsAny<CryptographicException>(() => userKey.Open<object>("journal-entry", id, row.SealedText));
        Assert.ThrowsAny<CryptographicException>(() => userKey.Open<object>("secret-journal-entry", id, row.SealedText));

        // Nothing in the rows is the phrase, the text or a plain hash of the request that carried the text.
        var everything = string.Join("|", (await connection.QueryAsync<string>(
            """
            SELECT row_to_json(e)::text FROM journal_entries e WHERE user_id = @userId
            UNION ALL SELECT row_to_json(t)::text FROM secret_tags t WHERE user_id = @userId
            """, new { userId = user.UserId })));
        foreach (var secret in new[] { Phrase, "Quixotic", "Marguerite", "marguerite", "Nobody knows" })
        {
            Assert.DoesNotContain(secret, everything);
            Assert.DoesNotContain(Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(secret)).ToLowerInvariant(), everything);
        }
        // Request hashes are keyed: a plain entry's with the user's data key, a secret entry's with its tag's key,
        // which the data key cannot stand in for.
        var plainBody = new JournalEndpoints.EntryBody(null, "Quixotic secret about Marguerite.", "sad", null, ["marguerite"], null, null, null, null, null, null);
        var plainId = await CreateWithKeyAsync(user, plainBody, null);
        Assert.Equal(KeyedHashOf(plainBody), await connection.QuerySingleAsync<byte[]>("SELECT request_hash FROM journal_entries WHERE id = @plainId", new { plainId }));
        var secretBody = plainBody with { SecretTagId = Guid.Parse(tag) };
        var secretHash = await connection.QuerySingleAsync<byte[]>("SELECT request_hash FROM journal_entries WHERE id = @id", new { id });
        Assert.NotEqual(HashOf(secretBody), secretHash);
        Assert.NotEqual(KeyedHashOf(secretBody), secretHash);

        byte[] KeyedHashOf(JournalEndpoints.EntryBody body) => HMACSHA256.HashData(userKey.DeriveKey("idempotency"), HashOf(body));
        static byte[] HashOf(JournalEndpoints.EntryBody body) => SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body, JsonSerializerOptions.Web));
    }

    private static async Task<Guid> CreateWithKeyAsync(JournalClient user, JournalEndpoints.EntryBody body, string? unlock)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/journal/entries") { Content = JsonContent.Create(body) };
        if (unlock is not null) request.Headers.Add(SecretTagClient.Header, unlock);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var created = await user.Http.SendAsync(request);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return Guid.Parse((string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
    }

    [Fact]
    public async Task Another_users_token_or_a_forged_one_opens_nothing()
    {
        var owner = await JournalClient.RegisterAsync(Api);
        var tag = await owner.SecretTagAsync(Phrase);
        var unlock = await owner.UnlockAsync(tag, Phrase);
        var secret = (string)(await owner.SecretEntryAsync(tag, unlock, "Owner's secret page."))["id"]!;
        var other = await JournalClient.RegisterAsync(Api);
        var otherTag = await other.SecretTagAsync("another long phrase");
        await other.SecretEntryAsync(otherTag, await other.UnlockAsync(otherTag, "another long phrase"), "Other's secret page.");

        // The owner's token on another account: ignored (their own secret entry stays hidden, the owner's id is a 404).
        Assert.Empty(await other.EntryIdsAsync(unlock));
        await JournalClient.ProblemAsync(await other.SendAsync(HttpMethod.Get, $"/v1/journal/entries/{secret}", unlock), HttpStatusCode.NotFound);
        // The other user cannot write into the owner's tag with the owner's token.
        await JournalClient.ProblemAsync(
            await other.SendAsync(HttpMethod.Post, "/v1/journal/entries", unlock, new { content = "Sneaky.", secretTagId = tag }), HttpStatusCode.BadRequest);
        // A forged or altered token is ignored.
        var altered = unlock[..^2] + (unlock[^2] == 'A' ? "B" : "A") + unlock[^1];
        Assert.Empty(await owner.EntryIdsAsync(altered));
        Assert.Empty(await owner.EntryIdsAsync("not-a-token, " + Convert.ToBase64String(RandomNumberGenerator.GetBytes(80)).Replace('+', '-').Replace('/', '_').TrimEnd('=')));
        Assert.Equal([secret], await owner.EntryIdsAsync("not-a-token, " + unlock));
    }

    [Fact]
    public async Task Insights_leave_a_secret_entry_out_while_the_streak_and_garden_count_it()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var tag = await user.SecretTagAsync(Phrase);
        var unlock = await user.UnlockAsync(tag, Phrase);
        var today = await user.TodayAsync();

        await user.SecretEntryAsync(tag, unlock, "Furious about Bartholomew again, bitterly.", new { mood = "angry", tags = new[] { "bartholomew" } });
        var summary = await user.GetJsonAsync("/v1/me/summary");
        Assert.Equal((1, 1), ((int)summary["streak"]!["current"]!, (int)summary["today"]!["entries"]!));
        Assert.NotEmpty(summary["garden"]!["plants"]!.AsArray());

        await user.CreateEntryAsync("A calm walk by the river.", new { mood = "happy", tags = new[] { "walk" } });
        var insights = Api.Insights(user.UserId);
        await Eventually.True(async () => (await insights.GetFiguresAsync()).Entries == 1, "the plain entry reached insights");
        var figures = await insights.GetFiguresAsync();
        Assert.False(figures.Tags.ContainsKey("bartholomew"));
        Assert.Equal(6, figures.Words); // the plain entry's words only
        var journal = Api.Services.GetRequiredService<IGrainFactory>().GetGrain<IJournalGrain>(user.UserId);
        var keywords = await journal.GetKeywordsAsync(today.AddDays(-1), today, 50);
        Assert.DoesNotContain(keywords, k => k.Word.Contains("bartholomew") || k.Word.Contains("furious"));
        Assert.Contains(keywords, k => k.Word == "river");
        var buckets = (await user.GetJsonAsync("/v1/insights/moods?period=week"))["buckets"]!.AsArray();
        Assert.Equal((1, 1, 0), (buckets.Sum(b => (int)b!["entries"]!), buckets.Sum(b => (int)b!["moodDistribution"]!["happy"]!),
            buckets.Sum(b => (int)b!["moodDistribution"]!["angry"]!)));
    }

    [Fact]
    public async Task Moving_an_entry_under_a_tag_takes_it_out_of_the_index_and_the_insights()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var tag = await user.SecretTagAsync(Phrase);
        var unlock = await user.UnlockAsync(tag, Phrase);
        var id = (await CreateWithKeyAsync(user,
            new JournalEndpoints.EntryBody(null, "Kilimanjaro trip planning.", "happy", null, ["travel"], null, null, null, null, null, null), null)).ToString();
        var entry = await user.GetJsonAsync($"/v1/journal/entries/{id}");
        var insights = Api.Insights(user.UserId);
        await Eventually.True(async () => (await insights.GetFiguresAsync()).Entries == 1, "counted");

        var body = new { content = "Kilimanjaro trip planning.", mood = "happy", tags = new[] { "travel" }, entryDate = (string)entry["entryDate"]!, secretTagId = tag };
        var lockedMove = new HttpRequestMessage(HttpMethod.Put, $"/v1/journal/entries/{id}") { Content = JsonContent.Create(body) };
        lockedMove.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await JournalClient.ProblemAsync(await user.Http.SendAsync(lockedMove), HttpStatusCode.Forbidden);
        var move = new HttpRequestMessage(HttpMethod.Put, $"/v1/journal/entries/{id}") { Content = JsonContent.Create(body) };
        move.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        move.Headers.Add(SecretTagClient.Header, unlock);
        Assert.Equal(HttpStatusCode.OK, (await user.Http.SendAsync(move)).StatusCode);

        Assert.Equal(0, (int)(await user.GetJsonAsync("/v1/journal/search?q=kilimanjaro", null))["total"]!);
        Assert.Equal(1, (int)(await user.GetJsonAsync("/v1/journal/search?q=kilimanjaro", unlock))["total"]!);
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM journal_search_terms WHERE entry_id = @id", new { id = Guid.Parse(id) }));
        await Eventually.True(async () => (await insights.GetFiguresAsync()).Entries == 0, "insights dropped it");
        Assert.Empty(await user.EntryIdsAsync(null));
        // Its request hash was keyed with the user's key, which must not test guesses of a secret entry's text.
        Assert.Null(await connection.QuerySingleAsync<byte[]?>("SELECT request_hash FROM journal_entries WHERE id = @id", new { id = Guid.Parse(id) }));
    }

    [Fact]
    public async Task Deleting_a_tag_needs_its_unlock_and_gives_its_entries_back_as_ordinary_ones()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var tag = await user.SecretTagAsync(Phrase);
        var unlock = await user.UnlockAsync(tag, Phrase);
        var live = (string)(await user.SecretEntryAsync(tag, unlock, "Xylophone lessons again.", new { mood = "happy", tags = new[] { "music" } }))["id"]!;
        var trashed = (string)(await user.SecretEntryAsync(tag, unlock, "A page I threw away."))["id"]!;
        Assert.Equal(HttpStatusCode.NoContent, (await user.SendAsync(HttpMethod.Delete, $"/v1/journal/entries/{trashed}", unlock)).StatusCode);
        var insights = Api.Insights(user.UserId);

        var locked = await JournalClient.ProblemAsync(await user.SendAsync(HttpMethod.Delete, $"/v1/journal/secret-tags/{tag}", null), HttpStatusCode.Forbidden);
        Assert.Equal("secret-tag-locked", (string)locked["type"]!);
        var other = await JournalClient.RegisterAsync(Api);
        await JournalClient.ProblemAsync(await other.SendAsync(HttpMethod.Delete, $"/v1/journal/secret-tags/{tag}", unlock), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await user.SendAsync(HttpMethod.Delete, $"/v1/journal/secret-tags/{tag}", unlock)).StatusCode);

        Assert.Empty((await user.GetJsonAsync("/v1/journal/secret-tags"))["items"]!.AsArray());
        Assert.Equal([live], await user.EntryIdsAsync(null));
        Assert.Equal([trashed], await user.EntryIdsAsync(null, "?trash=true"));
        var entry = await user.GetJsonAsync($"/v1/journal/entries/{live}", null);
        Assert.Equal(("happy", "music"), ((string)entry["mood"]!, (string)entry["tags"]![0]!));
        Assert.Null(entry["secretTagId"]);
        Assert.Equal(1, (int)(await user.GetJsonAsync("/v1/journal/search?q=xylophone", null))["total"]!);
        await Eventually.True(async () => await insights.GetFiguresAsync() is { Entries: 1 } f && f.Tags.ContainsKey("music"), "insights count it again");

        // At rest it is an ordinary entry: the user's key opens it, and the tag's row is gone.
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        var sealedText = await connection.QuerySingleAsync<byte[]>("SELECT sealed_text FROM journal_entries WHERE id = @id AND secret_tag_id IS NULL", new { id = Guid.Parse(live) });
        var userKey = (await Api.Services.GetRequiredService<UserKeyStore>().LoadAsync(user.UserId))!;
        Assert.Equal("Xylophone lessons again.", (string)userKey.Open<JsonObject>("journal-entry", Guid.Parse(live), sealedText)["Content"]!);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM secret_tags WHERE id = @id", new { id = Guid.Parse(tag) }));
        await JournalClient.ProblemAsync(await user.SendAsync(HttpMethod.Delete, $"/v1/journal/secret-tags/{tag}", unlock), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_the_account_removes_its_secret_tags()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var tag = await user.SecretTagAsync(Phrase);
        await user.SecretEntryAsync(tag, await user.UnlockAsync(tag, Phrase), "Gone with the account.");
        var delete = new HttpRequestMessage(HttpMethod.Delete, "/v1/me") { Content = JsonContent.Create(new { password = JournalClient.Password }) };
        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.SendAsync(delete)).StatusCode);

        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM secret_tags WHERE user_id = @userId", new { userId = user.UserId }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM journal_entries WHERE user_id = @userId", new { userId = user.UserId }));
    }
}
