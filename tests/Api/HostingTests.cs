using System.Net;
using System.Text.Json;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Api;

/// <summary>Health, OpenAPI, Swagger UI and problem+json of the API host.</summary>
public sealed class HostingTests(PostgresDatabase database) : ApiTest(database)
{
    [Fact]
    public async Task Liveness_answers_200()
    {
        var response = await Api.CreateClient().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readiness_reports_postgres_migrations_and_grains()
    {
        var response = await Api.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("postgres").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("grains").GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_Orleans_dashboard_is_off_unless_enabled()
    {
        var response = await Api.CreateClient().GetAsync("/admin/dashboard/ClusterStats");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task OpenAPI_document_and_Swagger_UI_are_served()
    {
        var document = await Api.CreateClient().GetAsync("/openapi/v1.json");
        var ui = await Api.CreateClient().GetAsync("/swagger/index.html");
        // The README's address: redirected to the page.
        var start = await Api.CreateClient().GetAsync("/swagger");

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        using var json = JsonDocument.Parse(await document.Content.ReadAsStringAsync());
        Assert.StartsWith("3.", json.RootElement.GetProperty("openapi").GetString());
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Contains("swagger", await ui.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        Assert.Equal("/swagger/index.html", start.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task An_unknown_route_is_a_problem_json_404_with_a_stable_type()
    {
        var response = await Api.CreateClient().GetAsync("/v1/does-not-exist");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("not-found", problem.RootElement.GetProperty("type").GetString());
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
    }
}
