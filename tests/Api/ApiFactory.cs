using Journal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Tests.Api;

/// <summary>Keys generated once per test run (never committed anywhere).</summary>
public static class TestKeys
{
    public static readonly string JwtSigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
    public static readonly string MasterKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
}

/// <summary>The real API (with its co-hosted Orleans silo) on the test class's own database.</summary>
public sealed class ApiFactory(
    PostgresDatabase database,
    IReadOnlyDictionary<string, string>? settings = null,
    Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Postgres", database.ConnectionString);
        // Each host is a silo of its own, on ports no other test host uses.
        builder.UseSetting("Orleans:SiloPort", FreePorts.Next().ToString());
        builder.UseSetting("Orleans:GatewayPort", FreePorts.Next().ToString());
        // An OTLP endpoint in the machine's environment must not change what the tests see.
        builder.UseSetting("Telemetry:OtlpEndpoint", "");
        builder.UseSetting("Jwt:SigningKey", TestKeys.JwtSigningKey);
        builder.UseSetting("Encryption:MasterKey", TestKeys.MasterKey);
        // Attachment files go to a temporary folder of the class's database, never into the user's home.
        builder.UseSetting("Attachments:Directory", database.AttachmentsDirectory);
        // Tests make many requests quickly from one address; the limits themselves are tested with low values.
        builder.UseSetting("RateLimits:PerUserPerMinute", "100000");
        builder.UseSetting("RateLimits:PerAddressPerMinute", "100000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureServices(services);
    }
}
