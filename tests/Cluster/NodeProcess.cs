using System.Net;
using Dapper;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Cluster;

/// <summary>
/// A node as it is deployed: the API with its co-hosted silo (api/), as a real separate process on
/// loopback, on the test class's database. Nodes on the same database form one cluster.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private NodeProcess(ChildProcess process, Uri address)
    {
        Process = process;
        Address = address;
    }

    public ChildProcess Process { get; }

    /// <summary>Where its REST facade and hub listen.</summary>
    public Uri Address { get; }

    /// <summary>Starts a node and waits until it is ready (migrations run, silo joined); <paramref name="settings"/> are environment variables over the defaults.</summary>
    public static Task<NodeProcess> StartAsync(PostgresDatabase database, IReadOnlyDictionary<string, string>? settings = null)
    {
        // Attachment files in the class's folder, as its in-process hosts keep them (removed with the database).
        var withFolder = new Dictionary<string, string> { ["Attachments__Directory"] = database.AttachmentsDirectory };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) withFolder[name] = value;
        return StartAsync(database.ConnectionString, withFolder);
    }

    /// <summary>Starts a node on any database, e.g. on a PostgreSQL server of the test's own, and waits until it is ready.</summary>
    public static async Task<NodeProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = address.ToString(),
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ConnectionStrings__Postgres"] = connectionString,
            ["Orleans__SiloPort"] = FreePorts.Next().ToString(),
            ["Orleans__GatewayPort"] = FreePorts.Next().ToString(),
            ["Jwt__SigningKey"] = TestKeys.JwtSigningKey,
            ["Encryption__MasterKey"] = TestKeys.MasterKey,
            ["Telemetry__OtlpEndpoint"] = "",
            ["RateLimits__PerUserPerMinute"] = "100000",
            ["RateLimits__PerAddressPerMinute"] = "100000",
            // A reminder tick missed while its node died comes again one such period later (a minute by default).
            ["Reminders__MinimumPeriod"] = "00:00:02",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) environment[name] = value;
        var process = ChildProcess.Start("api", "Journal.Api.dll", environment);
        var node = new NodeProcess(process, address);
        using var http = node.CreateClient();
        try
        {
            await Eventually.True(async () =>
            {
                if (process.HasExited) Assert.Fail($"The node exited ({await process.ExitedAsync()}): {process.Output}");
                try
                {
                    return (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, "the node is ready", timeoutMs: 60_000);
        }
        catch
        {
            // A node that never became ready must not outlive the test.
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    public HttpClient CreateClient() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>A client that sends <paramref name="user"/>'s access token to this node.</summary>
    public HttpClient CreateClient(JournalClient user)
    {
        var http = CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", user.AccessToken);
        return http;
    }

    /// <summary>Stops it as a service manager would (SIGTERM): nodes started later on the database need not wait for it to be declared dead.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Process.TerminateAsync(within: TimeSpan.FromSeconds(30));
        }
        catch (OperationCanceledException)
        {
            // It did not leave in time: killed below.
        }
        await Process.DisposeAsync();
    }

    /// <summary>How many nodes are active members of the cluster on <paramref name="database"/>.</summary>
    public static async Task<long> ActiveSilosAsync(PostgresDatabase database)
    {
        await using var connection = database.DataSource.CreateConnection();
        // 3: SiloStatus.Active.
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM orleans_membership WHERE status = 3");
    }
}
