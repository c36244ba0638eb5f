using Journal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Tests.Api;

/// <summary>The real API (with its co-hosted silo) on the test class's own database.</summary>
public sealed class ApiFactory(
    PostgresDatabase database,
    IReadOnlyDictionary<string, string>? settings = null,
    Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Postgres", database.ConnectionString);
        // An OTLP endpoint in the machine's environment must not change what the tests see.
        builder.UseSetting("Telemetry:OtlpEndpoint", "");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureServices(services);
    }
}
