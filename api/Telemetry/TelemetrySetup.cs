using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Journal.Api.Telemetry;

/// <summary>
/// Metrics over OTLP when an endpoint is configured (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or
/// <c>Telemetry:OtlpEndpoint</c>). The OpenTelemetry hosting and instrumentation packages are not
/// available here, so the meter provider is built by hand and ASP.NET Core's own meters are added by name.
/// </summary>
public static class TelemetrySetup
{
    private static readonly string[] Meters =
    [
        "Journal.Streams",
        "Microsoft.Orleans",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http",
        "System.Runtime",
    ];

    public static IServiceCollection AddJournalTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var endpoint = configuration["Telemetry:OtlpEndpoint"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint)) return services;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
            throw new InvalidOperationException($"The OTLP endpoint '{endpoint}' is not an absolute URI (Telemetry__OtlpEndpoint or OTEL_EXPORTER_OTLP_ENDPOINT).");

        // Owned by the container: disposed (and flushed) when the host stops.
        services.AddSingleton(_ => Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService("orleans-journal"))
            .AddMeter(Meters)
            .AddOtlpExporter(otlp => otlp.Endpoint = uri)
            .Build());
        services.AddHostedService<MeterProviderStarter>();
        return services;
    }

    /// <summary>Resolves the provider at start-up so collection begins with the host, not on first use.</summary>
    private sealed class MeterProviderStarter(MeterProvider provider) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(provider);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
