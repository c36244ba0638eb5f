using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Journal.Tests.Api;

/// <summary>Partial updates (PATCH) through a signed-in client.</summary>
public static class JournalClientEdits
{
    public static async Task<JsonObject> PatchJsonAsync(this JournalClient client, string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.Http.PatchAsJsonAsync(path, body);
        Assert.True(response.StatusCode == expected, $"PATCH {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
