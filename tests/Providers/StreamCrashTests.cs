using Dapper;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Providers;

/// <summary>
/// The silo host is killed with SIGKILL while producer grains publish through the outbox and
/// consumer grains apply the events; after a restart on the same database every committed event
/// has taken effect exactly once, in order. The restarted silo takes the killed one's port, so it
/// replaces it in the cluster at once.
/// </summary>
public sealed class StreamCrashTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const int Producers = 8;

    [Fact]
    public async Task Killing_the_host_while_producing_and_consuming_loses_and_duplicates_nothing()
    {
        var siloPort = FreePorts.Next();
        await Execute("CREATE TABLE crash_effects (id bigserial PRIMARY KEY, stream_key text NOT NULL, number integer NOT NULL)");

        await using (var host = CrashHostProcess.Start(database.ConnectionString, Producers, siloPort))
        {
            await Eventually.True(async () => !host.HasExited && await Scalar("SELECT count(*) FROM crash_effects") >= 2_000,
                "the host produces and consumes", timeoutMs: 60_000);
            await host.KillAsync();
            Assert.True(await Scalar("SELECT count(*) FROM stream_events") >= 2_000, host.Output);
        }

        await using (var host = CrashHostProcess.Start(database.ConnectionString, producers: 0, siloPort))
        {
            await Eventually.True(async () => await Scalar(
                    """
                    SELECT count(*) FROM grain_state p
                    WHERE p.grain_type = 'crash-producer'
                      AND (p.payload->>'count')::bigint <> (SELECT count(*) FROM crash_effects e WHERE e.stream_key = p.grain_key)
                    """) == 0,
                "after the restart every committed event takes effect", timeoutMs: 60_000);
            Assert.False(host.HasExited, host.Output);
        }

        // Exactly once: no number applied twice, none missing (1..count for each producer), in order.
        Assert.Equal(0, await Scalar("SELECT count(*) FROM (SELECT 1 FROM crash_effects GROUP BY stream_key, number HAVING count(*) > 1) d"));
        Assert.Equal(0, await Scalar(
            """
            SELECT count(*) FROM grain_state p
            WHERE p.grain_type = 'crash-producer'
              AND (SELECT coalesce(max(number), 0) FROM crash_effects e WHERE e.stream_key = p.grain_key) <> (p.payload->>'count')::int
            """));
        Assert.Equal(0, await Scalar(
            """
            SELECT count(*) FROM (
                SELECT number < lag(number) OVER (PARTITION BY stream_key ORDER BY id) AS backwards FROM crash_effects) o
            WHERE backwards
            """));
        // The outbox: an event exists for every committed count and for nothing else.
        Assert.Equal(0, await Scalar(
            """
            SELECT count(*) FROM grain_state p
            WHERE p.grain_type = 'crash-producer'
              AND (SELECT count(*) FROM stream_events e WHERE e.stream_namespace = 'crash' AND e.stream_key = p.grain_key) <> (p.payload->>'count')::int
            """));
        Assert.Equal(Producers, await Scalar("SELECT count(*) FROM grain_state WHERE grain_type = 'crash-producer'"));
    }

    private async Task Execute(string sql)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(sql);
    }

    private async Task<long> Scalar(string sql)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
