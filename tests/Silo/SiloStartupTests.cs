using Dapper;
using Journal.GrainInterfaces.Health;
using Journal.Persistence.Connections;
using Journal.Silo;
using Journal.Silo.Migrations;
using Journal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Journal.Tests.Silo;

/// <summary>The Orleans silo host fails fast, saying what to fix, when its configuration is wrong; two start together on an empty database.</summary>
public sealed class SiloStartupTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Without_a_connection_string_start_up_names_the_setting()
    {
        using var host = BuildHost(connectionString: null);

        var error = await Assert.ThrowsAsync<SiloConfigurationException>(() => host.StartAsync());

        Assert.Contains("ConnectionStrings__Postgres", error.Message);
    }

    [Theory]
    [InlineData("", "1min")]
    [InlineData(";Options=-c idle_in_transaction_session_timeout=5s", "5s")]
    public async Task Sessions_idle_in_a_transaction_are_ended_by_the_server_unless_the_connection_string_says_otherwise(string extra, string expected)
    {
        await using var dataSource = SiloConfiguration.CreateDataSource(database.ConnectionString + extra);
        await using var connection = await dataSource.OpenConnectionAsync();

        Assert.Equal(expected, await connection.ExecuteScalarAsync<string>("SHOW idle_in_transaction_session_timeout"));
    }

    [Theory]
    [InlineData("", "left behind")]
    [InlineData(";No Reset On Close=false", "")]
    public async Task A_pooled_connection_is_handed_over_without_a_reset_unless_the_connection_string_asks_for_one(string extra, string expected)
    {
        await using var dataSource = SiloConfiguration.CreateDataSource(database.ConnectionString + extra);
        await using (var first = await dataSource.OpenConnectionAsync())
            await first.ExecuteAsync("SET application_name = 'left behind'");

        // One connection at a time: the pool hands out the one just returned.
        await using var next = await dataSource.OpenConnectionAsync();

        Assert.Equal(expected, await next.ExecuteScalarAsync<string>("SHOW application_name"));
    }

    [Theory]
    [InlineData("", SiloConfiguration.DefaultMaxPoolSize, SiloConfiguration.DefaultMaxPoolSize)]
    [InlineData(";Maximum Pool Size=10", 0, 10)]
    [InlineData(";Minimum Pool Size=50", 50, 50)]
    public async Task A_pool_the_connection_string_does_not_size_is_of_fixed_size(string extra, int minimum, int maximum)
    {
        var unsized = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        unsized.Remove("Maximum Pool Size");
        await using var dataSource = SiloConfiguration.CreateDataSource(unsized.ConnectionString + extra);

        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        Assert.Equal((minimum, maximum), (settings.MinPoolSize, settings.MaxPoolSize));
    }

    [Fact]
    public async Task The_silo_opens_its_pools_minimum_of_connections_while_it_starts()
    {
        using var host = BuildHost(database.ConnectionString + ";Minimum Pool Size=15;Application Name=warm-up");

        await host.StartAsync();
        await using var observer = await database.DataSource.OpenConnectionAsync();
        // The whole pool (15, the fixture's maximum) and the stream listener's connection, outside it.
        var sessions = await observer.ExecuteScalarAsync<int>("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'warm-up'");
        await host.StopAsync();

        Assert.Equal(15 + 1, sessions);
    }

    [Fact]
    public async Task A_dedicated_connection_ends_its_session_when_closed()
    {
        await using var dataSource = SiloConfiguration.CreateDataSource(database.ConnectionString);
        int pid;
        await using (var connection = await DedicatedConnection.OpenAsync(dataSource, CancellationToken.None))
        {
            pid = await connection.ExecuteScalarAsync<int>("SELECT pg_backend_pid()");
            await connection.ExecuteAsync("LISTEN somewhere");
        }

        await using var observer = await database.DataSource.OpenConnectionAsync();
        await Eventually.True(async () => !await observer.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = @pid)", new { pid }),
            "the session is gone, not kept in a pool with its LISTEN");
    }

    [Fact]
    public async Task A_malformed_connection_string_is_refused_naming_the_setting()
    {
        using var host = BuildHost("this is not a connection string");

        var error = await Assert.ThrowsAsync<SiloConfigurationException>(() => host.StartAsync());

        Assert.Contains("ConnectionStrings__Postgres is not a valid PostgreSQL connection string", error.Message);
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
    public async Task The_standalone_silo_starts_migrates_serves_grains_and_stops()
    {
        using var host = BuildHost(database.ConnectionString);

        await host.StartAsync();
        var reply = await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IHealthProbeGrain>("test").PingAsync();
        await host.StopAsync();

        Assert.Equal(1, reply.Probes);
    }

    [Fact]
    public async Task Two_silo_hosts_starting_together_on_an_empty_database_migrate_it_once()
    {
        var empty = await PostgresDatabase.CreateEmptyDatabaseAsync();
        try
        {
            using var first = BuildHost(PostgresDatabase.ConnectionStringFor(empty));
            using var second = BuildHost(PostgresDatabase.ConnectionStringFor(empty));

            await Task.WhenAll(Task.Run(() => first.StartAsync()), Task.Run(() => second.StartAsync()));

            await using var dataSource = NpgsqlDataSource.Create(PostgresDatabase.ConnectionStringFor(empty));
            await using var connection = await dataSource.OpenConnectionAsync();
            var versions = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
            Assert.Equal(first.Services.GetRequiredService<MigrationRunner>().Migrations.Select(m => m.Version), versions);
            await first.StopAsync();
            await second.StopAsync();
        }
        finally
        {
            await PostgresDatabase.DropDatabaseAsync(empty);
        }
    }

    private static IHost BuildHost(string? connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (connectionString is not null) builder.Configuration["ConnectionStrings:Postgres"] = connectionString;
        builder.Configuration["Orleans:SiloPort"] = FreePorts.Next().ToString();
        builder.Configuration["Orleans:GatewayPort"] = FreePorts.Next().ToString();
        builder.AddJournalSilo();
        return builder.Build();
    }
}
