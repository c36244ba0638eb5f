using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Journal.Tests.Api;
using Journal.Tests.Cluster;
using Journal.Tests.Infrastructure;
using Journal.Tests.Insights;
using Npgsql;

namespace Journal.Tests.Backup;

/// <summary>
/// scripts/backup.sh and scripts/restore.sh as an operator runs them, on a PostgreSQL server of the
/// test's own (the scripts restart it and start a restored one: never the shared server), with the
/// service running as deployed, as a process of its own.
/// </summary>
public sealed class PointInTimeRecoveryTests
{
    [Fact]
    public async Task A_restore_to_a_noted_time_has_exactly_the_writes_before_it_and_the_service_carries_on_from_there()
    {
        await using var server = await OwnPostgresServer.StartAsync();
        var scripts = new Dictionary<string, string>
        {
            ["JOURNAL_PG_PORT"] = server.Port.ToString(CultureInfo.InvariantCulture),
            ["JOURNAL_BACKUP_DIR"] = Path.Combine(server.Folder, "backups"),
        };
        // The role, the database and WAL archiving (which restarts the server), before the service connects.
        await Command.RunAsync("bash", ["scripts/postgres.sh"], scripts);
        var zone = ZoneAtNoon();

        string[] beforeNoted;
        DateTimeOffset noted;
        JournalClient alice, bob, carol;
        int epoch;
        await using (var node = await NodeProcess.StartAsync(OwnPostgresServer.ConnectionString(server.Port)))
        {
            alice = await JournalClient.RegisterAsync(node.CreateClient(), zone);
            bob = await JournalClient.RegisterAsync(node.CreateClient(), zone);
            await alice.CreateEntryAsync("Before the backup, one.");
            await alice.CreateEntryAsync("Before the backup, two.");
            await bob.CreateEntryAsync("Bob's words, sealed under his key.");

            await Command.RunAsync("bash", ["scripts/backup.sh"], scripts);

            await alice.CreateEntryAsync("After the backup, one.");
            await alice.CreateEntryAsync("After the backup, two.");
            // Bob's key and text are in the base backup; his deletion is in the WAL after it.
            var delete = new HttpRequestMessage(HttpMethod.Delete, "/v1/me") { Content = JsonContent.Create(new { password = JournalClient.Password }) };
            Assert.Equal(HttpStatusCode.NoContent, (await bob.Http.SendAsync(delete)).StatusCode);
            beforeNoted = await ContentsAsync(alice.Http);
            Assert.Equal(4, beforeNoted.Length);

            // Commit times come from the same clock; a moment on either side keeps them off the noted instant.
            await Task.Delay(200);
            noted = DateTimeOffset.UtcNow;
            await Task.Delay(200);

            await alice.CreateEntryAsync("After the noted time.");
            carol = await JournalClient.RegisterAsync(node.CreateClient(), zone);
            await carol.CreateEntryAsync("Carol came after the noted time.");
            await using var live = NpgsqlDataSource.Create(OwnPostgresServer.ConnectionString(server.Port));
            epoch = await EpochAsync(live);
        }

        var restoredPort = FreePorts.Next();
        await Command.RunAsync("bash", [
            "scripts/restore.sh", "--to", noted.ToString("O", CultureInfo.InvariantCulture), "--data-dir", Path.Combine(server.Folder, "restored"),
            "--port", restoredPort.ToString(CultureInfo.InvariantCulture), "--no-service",
        ], scripts);

        var connectionString = OwnPostgresServer.ConnectionString(restoredPort);
        await using var restored = await NodeProcess.StartAsync(connectionString);
        await using var database = NpgsqlDataSource.Create(connectionString);
        using var http = restored.CreateClient();
        // Alice's session and her access token were written before the noted time: both are back.
        http.DefaultRequestHeaders.Authorization = new("Bearer", alice.AccessToken);

        Assert.Equal(beforeNoted, await ContentsAsync(http));
        Assert.Equal(HttpStatusCode.OK, await LoginAsync(http, alice.Username));
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(http, carol.Username));

        // Bob stays deleted: his key is gone, so no text of his that any copy still holds can be opened.
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(http, bob.Username));
        await using (var connection = await database.OpenConnectionAsync())
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM user_keys WHERE user_id = @UserId", new { bob.UserId }));

        // The streams carry on from the restored cursors: every entry is counted once, the restored ones
        // and a new one, however far delivery had got at the noted time. A physical restore keeps the
        // server's transaction ids, so the log needs no new epoch.
        await database.SettledAsync();
        Assert.Equal(4, await EntriesTodayAsync(http));
        await PostEntryAsync(http, "After the restore.");
        await database.SettledAsync();
        Assert.Equal(5, await EntriesTodayAsync(http));
        Assert.Equal(5, (await ContentsAsync(http)).Length);
        Assert.Equal(epoch, await EpochAsync(database));
    }

    /// <summary>
    /// A fixed-offset zone where it is about noon now, so the user's "today" cannot change while the
    /// test runs (the summary counts today's entries).
    /// </summary>
    private static string ZoneAtNoon()
    {
        // Etc/GMT+N is N hours behind UTC (POSIX signs): its local hour is the UTC hour minus N.
        var behind = DateTime.UtcNow.Hour - 12;
        return behind switch { 0 => "Etc/GMT", > 0 => $"Etc/GMT+{behind}", _ => $"Etc/GMT{behind}" };
    }

    private static async Task<string[]> ContentsAsync(HttpClient http) =>
        [.. (await http.GetFromJsonAsync<JsonObject>("/v1/journal/entries?limit=100"))!["items"]!.AsArray().Select(e => (string)e!["content"]!).Order()];

    private static async Task<int> EntriesTodayAsync(HttpClient http) =>
        (int)(await http.GetFromJsonAsync<JsonObject>("/v1/me/summary"))!["today"]!["entries"]!;

    private static async Task PostEntryAsync(HttpClient http, string content) =>
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/v1/journal/entries", new { content })).StatusCode);

    private static async Task<HttpStatusCode> LoginAsync(HttpClient http, string username) =>
        (await http.PostAsJsonAsync("/v1/auth/login", new { login = username, password = JournalClient.Password })).StatusCode;

    private static async Task<int> EpochAsync(NpgsqlDataSource database)
    {
        await using var connection = await database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT max(epoch) FROM stream_partitions");
    }
}
