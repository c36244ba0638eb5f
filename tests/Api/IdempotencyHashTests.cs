using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Journal.Api.Journal;
using Journal.Api.Mood;
using Journal.Api.Reminders;
using Journal.Api.Stories;
using Journal.Tests.Community;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Api;

/// <summary>
/// The request hash stored with a create's Idempotency-Key, for the creates whose body carries text
/// that is sealed: it is keyed with the user's key, so a reader of the rows cannot test guesses of the
/// text against it, and a retry still finds the first result.
/// </summary>
public sealed class IdempotencyHashTests(PostgresDatabase database) : ApiTest(database, CommunityClient.Settings(establishedAccounts: true))
{
    private const string Text = "Told nobody about the panic on the train";

    private static readonly JournalEndpoints.EntryBody Entry = new("Train", Text, null, null, null, null, null, null, null, null, null);

    public static TheoryData<string, string, object> SealedCreates => new()
    {
        { "/v1/journal/entries", "journal_entries", Entry },
        { "/v1/checkins", "checkins", new MoodEndpoints.CheckInBody(7, "anxious", null, Text, null) },
        { "/v1/ai-usage", "ai_usage_logs", new MoodEndpoints.AiUsageBody("assistant", 20, Text, null) },
        { "/v1/reminders", "reminders", new ReminderEndpoints.ReminderBody(Text, null, DateTimeOffset.UtcNow.AddDays(2), null, null) },
        { "/v1/community/stories", "stories", new StoryEndpoints.StoryBody("Train", Text, "private", null) },
    };

    [Theory]
    [MemberData(nameof(SealedCreates))]
    public async Task The_stored_hash_is_keyed_per_user_and_a_retry_still_gets_the_first_result(string path, string table, object body)
    {
        var first = await JournalClient.RegisterAsync(Api);
        var second = await JournalClient.RegisterAsync(Api);
        var key = Guid.NewGuid().ToString();

        Assert.Equal(HttpStatusCode.Created, (await PostAsync(first, path, body, key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(first, path, body, key)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(second, path, body, key)).StatusCode);

        await using var connection = Database.DataSource.CreateConnection();
        var owner = table == "stories" ? "author_id" : "user_id";
        async Task<byte[]> StoredHash(JournalClient user) => await connection.QuerySingleAsync<byte[]>(
            $"SELECT request_hash FROM {table} WHERE {owner} = @UserId AND idempotency_key = @key", new { user.UserId, key });
        var plain = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), JsonSerializerOptions.Web));
        Assert.NotEqual(plain, await StoredHash(first));
        // The same body from another user: a plain hash would be the same for both.
        Assert.NotEqual(await StoredHash(first), await StoredHash(second));
    }

    [Fact]
    public async Task An_edit_that_keeps_the_entrys_tag_keeps_its_hash_so_a_retried_create_still_gets_the_entry()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var key = Guid.NewGuid().ToString();
        var created = await (await PostAsync(user, "/v1/journal/entries", Entry, key)).Content.ReadFromJsonAsync<JsonObject>();
        var edit = new HttpRequestMessage(HttpMethod.Put, $"/v1/journal/entries/{created!["id"]}")
        {
            Content = JsonContent.Create(new { content = "Told my sister about the train after all.", entryDate = (string)created["entryDate"]! }),
        };
        edit.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.OK, (await user.Http.SendAsync(edit)).StatusCode);

        var retry = await PostAsync(user, "/v1/journal/entries", Entry, key);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal((string)created["id"]!, (string)(await retry.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
    }

    private static async Task<HttpResponseMessage> PostAsync(JournalClient user, string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, body.GetType()) };
        request.Headers.Add("Idempotency-Key", key);
        return await user.Http.SendAsync(request);
    }
}
