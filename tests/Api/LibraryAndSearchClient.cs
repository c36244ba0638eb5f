using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Journal.Tests.Api;

/// <summary>What the search and content tests send besides <see cref="JournalClient"/>'s basics.</summary>
public static class LibraryAndSearchClient
{
    /// <summary>The bootstrap admin of a test class (its settings name them): registered by the first test that asks, logged in by the others.</summary>
    public static async Task<JournalClient> AdminAsync(ApiFactory api, string username)
    {
        var response = await api.CreateClient().PostAsJsonAsync("/v1/auth/register", new
        {
            username, password = JournalClient.Password, timeZone = "UTC", acceptTerms = true, termsVersion = "v1", privacyVersion = "v1",
        });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"register {username}: {(int)response.StatusCode}");
        return await JournalClient.LoginAsync(api, username);
    }

    public static Task<JsonObject> SearchAsync(this JournalClient user, string query) => user.GetJsonAsync("/v1/journal/search?q=" + query);

    /// <summary>The entry ids of a search's hits, best first.</summary>
    public static async Task<List<string>> HitIdsAsync(this JournalClient user, string query) =>
        [.. (await user.SearchAsync(query))["items"]!.AsArray().Select(hit => (string)hit!["entryId"]!)];

    public static Task<HttpResponseMessage> SendJsonAsync(this JournalClient user, HttpMethod method, string path, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return user.Http.SendAsync(request);
    }

    public static async Task<JsonObject> OkJsonAsync(this Task<HttpResponseMessage> pending, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await pending;
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
