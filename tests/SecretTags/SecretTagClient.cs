using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Journal.Tests.Api;

namespace Journal.Tests.SecretTags;

/// <summary>Secret-tag calls for tests; <c>unlock</c> goes into X-Secret-Tag-Unlock.</summary>
internal static class SecretTagClient
{
    public const string Header = "X-Secret-Tag-Unlock";

    /// <summary>The test hosts derive phrase keys cheaply (the rules do not depend on the cost).</summary>
    public static readonly Dictionary<string, string> CheapKdf = new()
    {
        ["SecretTags:Argon2MemoryKib"] = "1024",
        ["SecretTags:Argon2Passes"] = "1",
    };

    public static async Task<string> SecretTagAsync(this JournalClient user, string phrase, string name = "Private") =>
        (string)(await user.PostJsonAsync("/v1/journal/secret-tags", new { name, phrase }))["id"]!;

    public static Task<HttpResponseMessage> TryUnlockAsync(this JournalClient user, string tagId, string phrase) =>
        user.Http.PostAsJsonAsync($"/v1/journal/secret-tags/{tagId}/unlock", new { phrase });

    public static async Task<string> UnlockAsync(this JournalClient user, string tagId, string phrase) =>
        (string)(await user.PostJsonAsync($"/v1/journal/secret-tags/{tagId}/unlock", new { phrase }, HttpStatusCode.OK))["token"]!;

    public static Task<HttpResponseMessage> SendAsync(this JournalClient user, HttpMethod method, string path, string? unlock, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (unlock is not null) request.Headers.Add(Header, unlock);
        return user.Http.SendAsync(request);
    }

    public static async Task<JsonObject> GetJsonAsync(this JournalClient user, string path, string? unlock)
    {
        var response = await user.SendAsync(HttpMethod.Get, path, unlock);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public static async Task<JsonObject> SecretEntryAsync(this JournalClient user, string tagId, string unlock, string content, object? extra = null)
    {
        var body = JsonSerializer.SerializeToNode(new { content, secretTagId = tagId }, JsonSerializerOptions.Web)!.AsObject();
        if (extra is not null)
            foreach (var (key, value) in JsonSerializer.SerializeToNode(extra, JsonSerializerOptions.Web)!.AsObject()) body[key] = value?.DeepClone();
        var response = await user.SendAsync(HttpMethod.Post, "/v1/journal/entries", unlock, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"secret entry: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public static async Task<List<string>> EntryIdsAsync(this JournalClient user, string? unlock, string query = "") =>
        [.. (await user.GetJsonAsync("/v1/journal/entries" + query, unlock))["items"]!.AsArray().Select(item => (string)item!["id"]!)];
}
