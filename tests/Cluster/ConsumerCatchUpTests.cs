using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;
using Journal.Tests.Insights;

namespace Journal.Tests.Cluster;

/// <summary>
/// The progress and insights grains write their state seconds after the events they took (issue 15):
/// a node killed before those writes loses nothing of the streak, garden, today's tallies, mood
/// figures or platform statistics, because the next activations read the events the stream already
/// delivered from the outbox.
/// </summary>
[Collection(NodeProcesses.Name)]
public sealed class ConsumerCatchUpTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string AdminName = "catch_up_admin";

    [Fact]
    public async Task A_node_killed_before_the_stream_consumers_wrote_their_state_loses_nothing()
    {
        var settings = new Dictionary<string, string>
        {
            // The progress grain keeps what it applied unwritten for ten minutes: when the node dies, only the outbox has it.
            ["Streams__ConsumerWriteDelay"] = "00:10:00",
            // Restarted on the same silo port, as a service is: the cluster then knows its predecessor is dead at once.
            ["Orleans__SiloPort"] = FreePorts.Next().ToString(),
            ["Bootstrap__AdminUsername"] = AdminName,
        };
        await using var node = await NodeProcess.StartAsync(database, settings);
        var admin = await JournalClient.RegisterAsync(node.CreateClient(), username: AdminName);
        var user = await JournalClient.RegisterAsync(node.CreateClient());
        var http = node.CreateClient(user);
        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/v1/checkins", new { anxietyLevel = 3 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/v1/journal/entries", new { content = "Written before the crash." })).StatusCode);
        var before = (await http.GetFromJsonAsync<JsonObject>("/v1/me/summary"))!;
        Assert.Equal(4, (int)before["today"]!["checkIns"]!);

        // The stream has delivered every event (its cursor passed them: it will not bring them again),
        // and neither consumer has written its state: only the outbox can give them back.
        await Eventually.True(EveryEventDeliveredAsync(user.UserId), "the stream delivered the user's events", timeoutMs: 30_000);
        var moodsBefore = (await http.GetFromJsonAsync<JsonObject>("/v1/insights/moods?period=week"))!["buckets"]!.ToJsonString();
        Assert.Contains("\"checkIns\":4", moodsBefore);
        Assert.Equal(0, await StoredStatesAsync(user.UserId));
        Assert.Equal(new[] { 0, 0 }, await PlatformTodayAsync(node.CreateClient(admin)));
        await node.Process.KillAsync();

        await using var restarted = await NodeProcess.StartAsync(database, settings);
        var again = restarted.CreateClient(user);
        Assert.Equal(before.ToJsonString(), (await again.GetFromJsonAsync<JsonObject>("/v1/me/summary"))!.ToJsonString());
        Assert.Equal(moodsBefore, (await again.GetFromJsonAsync<JsonObject>("/v1/insights/moods?period=week"))!["buckets"]!.ToJsonString());

        // A rebuild writes the insights state at once, and with it the platform effects of the events
        // caught up: each counted once, though the stream delivered them to an activation now gone.
        var adminHttp = restarted.CreateClient(admin);
        Assert.Equal(HttpStatusCode.OK, (await adminHttp.PostAsync($"/v1/admin/users/{user.UserId}/insights/rebuild", null)).StatusCode);
        await database.SettledAsync();
        Assert.Equal(new[] { 1, 4 }, await PlatformTodayAsync(adminHttp));
    }

    /// <summary>Today's (UTC) entries and check-ins in the admin statistics.</summary>
    private static async Task<int[]> PlatformTodayAsync(HttpClient admin)
    {
        var today = (await admin.GetFromJsonAsync<JsonObject>("/v1/admin/stats?days=1"))!["platform"]!["days"]![0]!;
        return [(int)today["entries"]!, (int)today["checkIns"]!];
    }

    private Func<Task<bool>> EveryEventDeliveredAsync(Guid userId) => async () =>
    {
        await using var connection = database.DataSource.CreateConnection();
        return await connection.ExecuteScalarAsync<bool>(
            """
            SELECT count(*) > 0 AND count(*) FILTER (WHERE c.tx IS NULL OR (e.epoch, e.tx, e.seq) > (c.epoch, c.tx, c.seq)) = 0
            FROM stream_events e LEFT JOIN stream_cursors c ON c.provider = e.provider AND c.partition = e.partition
            WHERE replace(e.stream_key, '-', '') = @Key
            """, new { Key = userId.ToString("N") });
    };

    private async Task<int> StoredStatesAsync(Guid userId)
    {
        await using var connection = database.DataSource.CreateConnection();
        return await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM grain_state WHERE grain_type IN ('progress', 'insights') AND replace(grain_key, '-', '') LIKE '%' || @Key || '%'",
            new { Key = userId.ToString("N") });
    }
}
