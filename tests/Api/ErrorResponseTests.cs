using System.Net;
using System.Text.Json;
using Dapper;
using Journal.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Tests.Api;

/// <summary>Failures reach clients as problem+json with stable types, and readiness tells the truth.</summary>
public sealed class ErrorResponseTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task An_unhandled_exception_is_a_500_problem_without_its_details()
    {
        await using var api = new ApiFactory(database, services: s => s.AddSingleton<IStartupFilter, ThrowingEndpoint>());

        var response = await api.CreateClient().GetAsync("/test/throw");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        using var problem = JsonDocument.Parse(body);
        Assert.Equal("internal-error", problem.RootElement.GetProperty("type").GetString());
        Assert.DoesNotContain("secret detail", body);
    }

    [Theory]
    [InlineData("/test/timeout")]
    [InlineData("/test/out-of-connections")]
    [InlineData("/test/undelivered")]
    public async Task Overload_or_an_absent_node_is_a_503_problem_with_retry_after(string path)
    {
        await using var api = new ApiFactory(database, services: s => s.AddSingleton<IStartupFilter, ThrowingEndpoint>());

        var response = await api.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("unavailable", problem.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_body_over_256_KB_is_a_413_problem()
    {
        await using var api = new ApiFactory(database);
        var client = api.CreateClient();

        var tooLarge = await client.PostAsync("/health/live", new ByteArrayContent(new byte[256 * 1024 + 1]));
        var justFits = await client.PostAsync("/v1/nothing-here", new ByteArrayContent(new byte[256 * 1024]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        using var problem = JsonDocument.Parse(await tooLarge.Content.ReadAsStringAsync());
        Assert.Equal("payload-too-large", problem.RootElement.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.NotFound, justFits.StatusCode);
    }

    [Fact]
    public async Task Readiness_is_503_when_the_database_lacks_a_migration()
    {
        await using var api = new ApiFactory(database);
        var client = api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        await using (var connection = await database.DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("DELETE FROM schema_migrations WHERE version = 1");

        var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var postgres = body.RootElement.GetProperty("checks").GetProperty("postgres");
        Assert.Equal("Unhealthy", postgres.GetProperty("status").GetString());
        Assert.Equal("1 migration(s) not applied yet", postgres.GetProperty("description").GetString());
    }

    /// <summary>Adds, at the end of the app's pipeline, routes that throw.</summary>
    private sealed class ThrowingEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate rest) => context.Request.Path.Value switch
            {
                "/test/throw" => throw new InvalidOperationException("secret detail"),
                "/test/timeout" => throw new Npgsql.NpgsqlException("The operation has timed out", new TimeoutException()),
                "/test/out-of-connections" => throw new Npgsql.PostgresException("sorry, too many clients already", "FATAL", "FATAL", Npgsql.PostgresErrorCodes.TooManyConnections),
                "/test/undelivered" => throw new Orleans.Runtime.SiloUnavailableException("The target silo became unavailable"),
                _ => rest(context),
            });
        };
    }
}
