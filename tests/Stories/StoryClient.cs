using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Journal.Tests.Api;

namespace Journal.Tests.Stories;

/// <summary>Story and follow calls for tests.</summary>
internal static class StoryClient
{
    public static Task<JsonObject> StoryAsync(this JournalClient user, string visibility = "public", string title = "A better week", string content = "I *finally* slept well.",
        string[]? tags = null) =>
        user.PostJsonAsync("/v1/community/stories", new { title, content, visibility, tags = tags ?? [] });

    public static Task<HttpResponseMessage> ReadStoryAsync(this JournalClient user, string id) => user.Http.GetAsync($"/v1/community/stories/{id}");

    public static async Task<List<string>> ListStoryTitlesAsync(this JournalClient user, string query = "") =>
        [.. (await user.GetJsonAsync($"/v1/community/stories{query}"))["items"]!.AsArray().Select(item => (string)item!["title"]!)];

    public static async Task<string> PseudonymAsync(this JournalClient user) => (string)(await user.GetJsonAsync("/v1/me"))["pseudonym"]!;

    public static async Task FollowAsync(this JournalClient user, JournalClient other) =>
        Assert.Equal(HttpStatusCode.OK, (await user.Http.PostAsync($"/v1/community/follows/{await other.PseudonymAsync()}", null)).StatusCode);

    public static async Task UnfollowAsync(this JournalClient user, JournalClient other) =>
        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.DeleteAsync($"/v1/community/follows/{await other.PseudonymAsync()}")).StatusCode);

    public static Task<HttpResponseMessage> PatchStoryAsync(this JournalClient user, string id, object body, string? ifMatch) =>
        user.Http.SendAsync(WithIfMatch(new HttpRequestMessage(HttpMethod.Patch, $"/v1/community/stories/{id}") { Content = JsonContent.Create(body) }, ifMatch));

    public static Task<HttpResponseMessage> DeleteStoryAsync(this JournalClient user, string id, string? ifMatch = null) =>
        user.Http.SendAsync(WithIfMatch(new HttpRequestMessage(HttpMethod.Delete, $"/v1/community/stories/{id}"), ifMatch));

    private static HttpRequestMessage WithIfMatch(HttpRequestMessage request, string? ifMatch)
    {
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }
}
