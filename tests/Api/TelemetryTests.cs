using Journal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Journal.Tests.Api;

/// <summary>Metrics are exported over OTLP only when an endpoint is configured.</summary>
public sealed class TelemetryTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Without_an_endpoint_no_meter_provider_is_built()
    {
        await using var api = new ApiFactory(database);
        api.CreateClient();

        Assert.Null(api.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task With_an_endpoint_the_meter_provider_runs_with_the_app()
    {
        await using var api = new ApiFactory(database, new Dictionary<string, string> { ["Telemetry:OtlpEndpoint"] = "http://127.0.0.1:4317" });
        var response = await api.CreateClient().GetAsync("/health/live");

        response.EnsureSuccessStatusCode();
        Assert.NotNull(api.Services.GetService<MeterProvider>());
    }

    [Fact]
    public void A_malformed_endpoint_stops_the_start_with_a_message()
    {
        using var api = new ApiFactory(database, new Dictionary<string, string> { ["Telemetry:OtlpEndpoint"] = "not a uri" });

        var error = Assert.Throws<InvalidOperationException>(() => api.CreateClient());

        Assert.Contains("'not a uri' is not an absolute URI", error.Message);
    }
}
