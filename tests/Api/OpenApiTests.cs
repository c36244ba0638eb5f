using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Journal.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Tests.Api;

/// <summary>Every /v1 route is in the OpenAPI document with its schemas, problems, security and headers.</summary>
public sealed class OpenApiTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Every_v1_route_is_documented_with_its_responses_and_security()
    {
        await using var api = new ApiFactory(database);
        var text = await api.CreateClient().GetStringAsync("/openapi/v1.json");
        if (Environment.GetEnvironmentVariable("JOURNAL_OPENAPI_OUTPUT") is { Length: > 0 } output) await File.WriteAllTextAsync(output, text);
        var document = JsonNode.Parse(text)!.AsObject();
        var routes = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
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
            if (endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null)
            {
                Assert.True(responses.ContainsKey("401"), $"{method} {path} does not document 401");
                Assert.NotNull(operation["security"]);
            }
        }
        Assert.Contains(document["paths"]!["/v1/journal/entries"]!["post"]!["parameters"]!.AsArray(), p => (string)p!["name"]! == "Idempotency-Key");
        var ifMatch = document["paths"]!["/v1/journal/entries/{id}"]!["put"]!["parameters"]!.AsArray().Single(p => (string)p!["name"]! == "If-Match")!;
        Assert.True((bool)ifMatch["required"]!);
        Assert.NotNull(document["paths"]!["/v1/journal/entries"]!["post"]!["requestBody"]);
        Assert.True(document["paths"]!["/v1/journal/entries/{id}"]!["put"]!["responses"]!.AsObject().ContainsKey("412"));
    }
}
