using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Cluster;

/// <summary>
/// The progress grain writes its state seconds after the events it applied (issue 15): a node killed
/// before that write loses nothing of the streak, garden or today's tallies, because the next
/// activation reads the events the stream already delivered from the outbox.
/// </summary>
[Collection(NodeProcesses.Name)]
public sealed class ProgressCatchUpTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task A_node_killed_before_the_progress_grain_wrote_its_state_loses_nothing_from_the_summary()
    {
        var settings = new Dictionary<string, string>
        {
            // The progress grain keeps what it applied unwritten for ten minutes: when the node dies, only the outbox has it.
            ["Streams__ConsumerWriteDelay"] = "00:10:00",
            // Restarted on the same silo port, as a service is: the cluster then knows its predecessor is dead at once.
            ["Orleans__SiloPort"] = FreePorts.Next().ToString(),
        };
        await using var node = await NodeProcess.StartAsync(database, settings);
        var user = await JournalClient.RegisterAsync(node.CreateClient());
        var http = node.CreateClient(user);
        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/v1/checkins", new { anxietyLevel = 3 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/v1/journal/entries", new { content = "Written before the crash." })).StatusCode);
        var before = (await http.GetFromJsonAsync<JsonObject>("/v1/me/summary"))!;
        Assert.Equal(4, (int)before["today"]!["checkIns"]!);

        // The stream has delivered every event (its cursor passed them: it will not bring them again),
        // and the progress grain has not written its state: only the outbox can give them back.
        await Eventually.True(EveryEventDeliveredAsync(user.UserId), "the stream delivered the user's events", timeoutMs: 30_000);
        Assert.False(await ProgressStoredAsync(user.UserId), "the progress state was written before the kill: the test proves nothing");
        await node.Process.KillAsync();

        await using var restarted = await NodeProcess.StartAsync(database, settings);
        var after = (await restarted.CreateClient(user).GetFromJsonAsync<JsonObject>("/v1/me/summary"))!;
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
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

    private async Task<bool> ProgressStoredAsync(Guid userId)
    {
        await using var connection = database.DataSource.CreateConnection();
        return await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM grain_state WHERE grain_type = 'progress' AND replace(grain_key, '-', '') LIKE '%' || @Key || '%')",
            new { Key = userId.ToString("N") });
    }
}
