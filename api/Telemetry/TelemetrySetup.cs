using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Journal.Api.Telemetry;

/// <summary>
/// Traces and metrics over OTLP when an endpoint is configured (<c>Telemetry:OtlpEndpoint</c> or
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>); nothing is collected otherwise. A request's trace holds its
/// HTTP span, its grain calls (with <c>Telemetry:TraceGrainCalls</c>, on by default then) and their
/// SQL statements. No span carries journal text: query strings are redacted by the ASP.NET Core
/// instrumentation, SQL is sent as its parameterised text, and grain calls carry method names only.
/// </summary>
public static class TelemetrySetup
{
    private const string ServiceName = "orleans-journal";

    private static readonly string[] Meters = ["Journal.Streams", "Microsoft.Orleans", "System.Net.Http", "System.Runtime"];

    /// <summary>Orleans' activity source for application grain calls (its runtime's own calls are left out).</summary>
    private const string GrainCallSource = "Microsoft.Orleans.Application";

    public static IServiceCollection AddJournalTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var endpoint = configuration["Telemetry:OtlpEndpoint"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint)) return services;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
            throw new InvalidOperationException($"The OTLP endpoint '{endpoint}' is not an absolute URI (Telemetry__OtlpEndpoint or OTEL_EXPORTER_OTLP_ENDPOINT).");

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddSource(GrainCallSource)
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(Meters))
            .UseOtlpExporter(Protocol(configuration), uri);
        return services;
    }

    // OTLP's two transports, named as OTEL_EXPORTER_OTLP_PROTOCOL names them; gRPC is the default.
    private static OtlpExportProtocol Protocol(IConfiguration configuration) =>
        (configuration["Telemetry:OtlpProtocol"] ?? configuration["OTEL_EXPORTER_OTLP_PROTOCOL"]) switch
        {
            null or "" or "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new InvalidOperationException(
                $"The OTLP protocol '{other}' is not known: use grpc or http/protobuf (Telemetry__OtlpProtocol or OTEL_EXPORTER_OTLP_PROTOCOL)."),
        };
}
