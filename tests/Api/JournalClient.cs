using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Journal.Tests.Api;

/// <summary>A signed-up user talking to the API: registers on creation and sends its access token.</summary>
public sealed class JournalClient
{
    public const string Password = "correct horse battery";

    private JournalClient(HttpClient http, string username, JsonObject tokens)
    {
        Http = http;
        Username = username;
        Tokens = tokens;
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
    }

    public HttpClient Http { get; }

    public string Username { get; }

    public JsonObject Tokens { get; private set; }

    public Guid UserId => Guid.Parse((string)Tokens["userId"]!);

    public string AccessToken => (string)Tokens["accessToken"]!;

    public string RefreshToken => (string)Tokens["refreshToken"]!;

    /// <summary>Registers a new user with a unique name (the class's database is shared by its tests).</summary>
    public static Task<JournalClient> RegisterAsync(ApiFactory api, string timeZone = "Europe/Paris", bool dataProcessing = true, string? username = null) =>
        RegisterAsync(api.CreateClient(), timeZone, dataProcessing, username);

    /// <summary>Registers through <paramref name="http"/> (e.g. a node running as a process of its own).</summary>
    public static async Task<JournalClient> RegisterAsync(HttpClient http, string timeZone = "Europe/Paris", bool dataProcessing = true, string? username = null)
    {
        username ??= "u_" + Guid.NewGuid().ToString("N")[..12];
        var response = await http.PostAsJsonAsync("/v1/auth/register", new
        {
            username, email = username + "@example.org", password = Password, timeZone, acceptTerms = true, termsVersion = "v1", privacyVersion = "v1", dataProcessing,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"register: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return new JournalClient(http, username, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    /// <summary>Logs an existing user in (e.g. on another host over the same database).</summary>
    public static async Task<JournalClient> LoginAsync(ApiFactory api, string username)
    {
        var http = api.CreateClient();
        var response = await http.PostAsJsonAsync("/v1/auth/login", new { login = username, password = Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new JournalClient(http, username, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    public void UseTokens(JsonObject tokens)
    {
        Tokens = tokens;
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
    }

    public async Task<JsonObject> GetJsonAsync(string path)
    {
        var response = await Http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public async Task<JsonObject> PostJsonAsync(string path, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await Http.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == expected, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public Task<JsonObject> CreateEntryAsync(string content = "Today I walked by the river and felt calm.", object? extra = null) =>
        PostJsonAsync("/v1/journal/entries", Merge(new { content }, extra));

    /// <summary>The body of a problem+json answer, checking its status and media type.</summary>
    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static JsonObject Merge(object body, object? extra)
    {
        var merged = JsonSerializer.SerializeToNode(body, JsonSerializerOptions.Web)!.AsObject();
        if (extra is not null)
            foreach (var (key, value) in JsonSerializer.SerializeToNode(extra, JsonSerializerOptions.Web)!.AsObject()) merged[key] = value?.DeepClone();
        return merged;
    }
}
