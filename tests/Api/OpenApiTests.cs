using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Journal.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Tests.Api;

/// <summary>
/// Every /v1 route is in the OpenAPI document with its schemas, problems, security and headers, and the
/// rules the document states are the ones the server enforces: the checks below read a bound from the
/// document and send a request just inside it and one just past it. scripts/test.sh lints the document
/// this class writes (JOURNAL_OPENAPI_OUTPUT) with Spectral.
/// </summary>
public sealed class OpenApiTests(PostgresDatabase database) : ApiTest(database)
{
    private static readonly string[] s_problemCodes = ["400", "401", "413", "415", "429", "500"];

    private async Task<JsonObject> DocumentAsync()
    {
        var text = await Api.CreateClient().GetStringAsync("/openapi/v1.json");
        if (Environment.GetEnvironmentVariable("JOURNAL_OPENAPI_OUTPUT") is { Length: > 0 } output)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            await File.WriteAllTextAsync(output, text);
        }
        return JsonNode.Parse(text)!.AsObject();
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        select (path.Key, operation.Key, operation.Value!.AsObject());

    private static JsonObject Schema(JsonObject document, string name) => document["components"]!["schemas"]![name]!.AsObject();

    [Fact]
    public async Task Every_v1_route_is_documented_with_its_responses_and_security()
    {
        var document = await DocumentAsync();
        var routes = Api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/v1/", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(method => (Endpoint: e, Method: method)))
            .ToList();

        Assert.True(routes.Count >= 30, $"only {routes.Count} routes found");
        foreach (var (endpoint, method) in routes)
        {
            var path = endpoint.RoutePattern.RawText!.Replace(":guid", "").TrimEnd('/');
            var operation = document["paths"]?[path]?[method.ToLowerInvariant()]?.AsObject();
            Assert.True(operation is not null, $"{method} {path} is not in the OpenAPI document");
            var responses = operation!["responses"]!.AsObject();
            Assert.Contains(responses, r => r.Key.StartsWith('2'));
            if (endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
            {
                Assert.True(responses.ContainsKey("401"), $"{method} {path} does not document 401");
                Assert.All(operation["security"]!.AsArray(), requirement => Assert.Equal("Bearer", requirement!.AsObject().Single().Key));
                Assert.NotEmpty(operation["security"]!.AsArray());
            }
        }
        Assert.Contains(document["paths"]!["/v1/journal/entries"]!["post"]!["parameters"]!.AsArray(), p => (string)p!["name"]! == "Idempotency-Key");
        var ifMatch = document["paths"]!["/v1/journal/entries/{id}"]!["put"]!["parameters"]!.AsArray().Single(p => (string)p!["name"]! == "If-Match")!;
        Assert.True((bool)ifMatch["required"]!);
        Assert.NotNull(document["paths"]!["/v1/journal/entries"]!["post"]!["requestBody"]);
        Assert.True(document["paths"]!["/v1/journal/entries/{id}"]!["put"]!["responses"]!.AsObject().ContainsKey("412"));
    }

    [Fact]
    public async Task Every_operation_has_a_unique_operationId_and_a_summary()
    {
        var operations = Operations(await DocumentAsync()).ToList();

        var ids = operations.Select(o => (string?)o.Operation["operationId"]).ToList();
        Assert.All(operations, o => Assert.False(string.IsNullOrWhiteSpace((string?)o.Operation["summary"]), $"{o.Method} {o.Path} has no summary"));
        Assert.DoesNotContain(null, ids);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("postJournalEntriesByIdRestore", ids);
    }

    [Fact]
    public async Task Every_problem_is_problem_json_and_429_says_when_to_retry_and_the_quota()
    {
        var document = await DocumentAsync();
        var scheme = document["components"]!["securitySchemes"]!["Bearer"]!;
        Assert.Equal("http", (string?)scheme["type"]);
        Assert.Equal("bearer", (string?)scheme["scheme"]);
        // Admin routes name the role they need, so they never share a requirement with a member's route.
        Assert.Equal("admin", (string?)document["paths"]!["/v1/admin/stats"]!["get"]!["security"]![0]!["Bearer"]![0]);

        foreach (var (path, method, operation) in Operations(document))
        {
            var responses = operation["responses"]!.AsObject();
            Assert.True(responses.ContainsKey("429") && responses.ContainsKey("500"), $"{method} {path} lacks 429 or 500");
            foreach (var (code, response) in responses.Where(r => r.Key[0] is '4' or '5'))
                Assert.True(response!["content"]?["application/problem+json"] is not null, $"{method} {path} {code} is not problem+json");
            var tooMany = responses["429"]!["headers"]!.AsObject();
            Assert.True(tooMany.ContainsKey("Retry-After") && tooMany.ContainsKey("RateLimit") && tooMany.ContainsKey("RateLimit-Policy"), $"{method} {path} 429: {tooMany}");
            Assert.True(responses.First(r => r.Key[0] == '2').Value!["headers"]?["RateLimit"] is not null, $"{method} {path} 2xx has no RateLimit header");
        }
        foreach (var code in s_problemCodes)
            Assert.Contains(Operations(document), o => o.Operation["responses"]!.AsObject().ContainsKey(code));
    }

    [Fact]
    public async Task A_body_field_is_refused_just_past_the_bounds_the_document_states_and_accepted_at_them()
    {
        var document = await DocumentAsync();
        var entry = Schema(document, "EntryBody")["properties"]!;
        var maxTitle = (int)entry["title"]!["maxLength"]!;
        var maxRating = (int)entry["moodRating"]!["maximum"]!;
        var maxTags = (int)entry["tags"]!["maxItems"]!;
        var moods = entry["mood"]!["enum"]!.AsArray().Select(m => (string?)m).OfType<string>().ToList();
        Assert.Equal(["ecstatic", "happy", "neutral", "sad", "anxious", "angry"], moods);
        Assert.Contains("content", Schema(document, "EntryBody")["required"]!.AsArray().Select(r => (string?)r));
        var user = await JournalClient.RegisterAsync(Api);

        var atBounds = new { title = new string('t', maxTitle), content = "x", moodRating = maxRating, mood = moods[^1], tags = Enumerable.Range(0, maxTags).Select(i => $"t{i}") };
        await user.PostJsonAsync("/v1/journal/entries", atBounds);

        var pastBounds = new { title = new string('t', maxTitle + 1), content = "x", moodRating = maxRating + 1, mood = "elated", tags = Enumerable.Range(0, maxTags + 1).Select(i => $"t{i}") };
        var errors = (await JournalClient.ProblemAsync(await user.Http.PostAsJsonAsync("/v1/journal/entries", pastBounds), HttpStatusCode.BadRequest))["errors"]!.AsObject();
        Assert.Equal(["mood", "moodRating", "tags", "title"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));

        var missing = (await JournalClient.ProblemAsync(await user.Http.PostAsJsonAsync("/v1/journal/entries", new { title = "no content" }), HttpStatusCode.BadRequest))["errors"]!;
        Assert.NotNull(missing["content"]);
    }

    [Fact]
    public async Task A_query_or_path_parameter_is_refused_just_past_the_bounds_the_document_states()
    {
        var document = await DocumentAsync();
        var limit = document["paths"]!["/v1/journal/entries"]!["get"]!["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "limit")!["schema"]!;
        var maxLimit = (int)limit["maximum"]!;
        var slug = document["paths"]!["/v1/content/items/{slug}"]!["get"]!["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "slug")!["schema"]!;
        var maxSlug = (int)slug["maxLength"]!;
        Assert.NotNull(slug["pattern"]);
        var user = await JournalClient.RegisterAsync(Api);

        Assert.Equal(HttpStatusCode.OK, (await user.Http.GetAsync($"/v1/journal/entries?limit={maxLimit}")).StatusCode);
        var tooMany = await JournalClient.ProblemAsync(await user.Http.GetAsync($"/v1/journal/entries?limit={maxLimit + 1}"), HttpStatusCode.BadRequest);
        Assert.NotNull(tooMany["errors"]!["limit"]);

        Assert.Equal(HttpStatusCode.NotFound, (await user.Http.GetAsync($"/v1/content/items/{new string('a', maxSlug)}")).StatusCode);
        var tooLong = await JournalClient.ProblemAsync(await user.Http.GetAsync($"/v1/content/items/{new string('a', maxSlug + 1)}"), HttpStatusCode.BadRequest);
        Assert.NotNull(tooLong["errors"]!["slug"]);
        var badForm = await JournalClient.ProblemAsync(await user.Http.GetAsync("/v1/content/items/Not_A_Slug"), HttpStatusCode.BadRequest);
        Assert.NotNull(badForm["errors"]!["slug"]);
    }
}
