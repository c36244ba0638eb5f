using Journal.Runtime;
using Journal.Silo;
using Journal.Tests.Infrastructure;
using Journal.Tests.Runtime.InvalidGrains;
using Microsoft.Extensions.Hosting;

namespace Journal.Tests.Silo;

/// <summary>The silo host fails fast, saying what to fix, when its configuration is wrong.</summary>
public sealed class SiloStartupTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Without_a_connection_string_start_up_names_the_setting()
    {
        using var host = BuildHost(connectionString: null);

        var error = await Assert.ThrowsAsync<SiloConfigurationException>(() => host.StartAsync());

        Assert.Contains("ConnectionStrings__Postgres", error.Message);
    }

    [Fact]
    public async Task With_an_unreachable_database_start_up_says_where_it_tried_and_what_to_check()
    {
        using var host = BuildHost("Host=127.0.0.1;Port=1;Username=journal;Password=secret-value;Database=journal;Timeout=3");

        var error = await Assert.ThrowsAsync<SiloConfigurationException>(() => host.StartAsync());

        Assert.Contains("Cannot reach PostgreSQL at 127.0.0.1:1", error.Message);
        Assert.Contains("ConnectionStrings__Postgres", error.Message);
        Assert.DoesNotContain("secret-value", error.Message);
    }

    [Fact]
    public async Task A_grain_interface_with_a_mutable_argument_is_rejected_at_start_up()
    {
        using var host = BuildHost(database.ConnectionString, runtime => runtime.AddGrains(typeof(MutableArgumentGrain)));

        var error = await Assert.ThrowsAsync<GrainTypeValidationException>(() => host.StartAsync());

        Assert.Contains("IMutableArgumentGrain.Take: parameter 'items' is mutable", error.Message);
    }

    [Fact]
    public async Task The_standalone_silo_starts_migrates_serves_grains_and_stops()
    {
        using var host = BuildHost(database.ConnectionString);

        await host.StartAsync();
        var probe = host.Services.GetService(typeof(IGrainFactory)) as IGrainFactory;
        var reply = await probe!.GetGrain<Journal.GrainInterfaces.Health.IHealthProbeGrain>("test").PingAsync();
        await host.StopAsync();

        Assert.Equal(1, reply.Probes);
    }

    private static IHost BuildHost(string? connectionString, Action<GrainRuntimeBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (connectionString is not null) builder.Configuration["ConnectionStrings:Postgres"] = connectionString;
        builder.AddJournalSilo(configure);
        return builder.Build();
    }
}
