using Dapper;
using Journal.Tests.Infrastructure;
using Journal.Tests.Providers.Grains;
using static Journal.Tests.Providers.StreamTesting;

namespace Journal.Tests.Providers;

/// <summary>
/// What a cluster keeps of its delivery across a restart on the same database: the partitions'
/// cursors, stored at a graceful stop; when one is lost, the events come again and the consumers'
/// checkpoints absorb them. Each test starts and stops its own clusters.
/// </summary>
public sealed class StreamRestartTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task After_a_graceful_stop_nothing_is_delivered_twice(int silos)
    {
        var key = $"graceful-{silos}";
        // No poll in the test's time, so the cursor is stored by the stop (or by a busy agent after
        // 100 ms); without the stop's write the last events would come again.
        await using (var first = await TestSilos.StartAsync(database, silos, streams: o => o.PollInterval = TimeSpan.FromMinutes(10)))
        {
            await first.Client.GetGrain<IProducerGrain>(key).Produce(10);
            await first.WaitForApplied(key, 10);
        }
        Assert.Equal(10, StreamLog.Batches(key).Sum()); // also while the stopping silos handed their partitions over

        await using var second = await TestSilos.StartAsync(database, silos);
        await second.Client.GetGrain<IProducerGrain>(key).Produce(1);

        await second.WaitForApplied(key, 11);
        Assert.Equal(Numbers(11), await second.Applied(key));
        Assert.Equal(11, StreamLog.Batches(key).Sum());
    }

    [Fact]
    public async Task Redelivery_after_a_lost_cursor_changes_no_effect()
    {
        await using (var first = await TestSilos.StartAsync(database, silos: 1))
        {
            await first.Client.GetGrain<IProducerGrain>("redelivered").Produce(20);
            await first.WaitForApplied("redelivered", 20);
        }
        await using (var connection = await database.DataSource.OpenConnectionAsync())
            Assert.True(await connection.ExecuteAsync("DELETE FROM stream_cursors") > 0, "the stop stored the cursors");
        var deliveredBefore = StreamLog.Batches("redelivered").Sum();

        await using var second = await TestSilos.StartAsync(database, silos: 1);

        await Eventually.True(() => StreamLog.Batches("redelivered").Sum() >= deliveredBefore + 20, "the events are delivered again");
        Assert.Equal(Numbers(20), await second.Applied("redelivered"));
        await second.Client.GetGrain<IProducerGrain>("redelivered").Produce(1);
        await second.WaitForApplied("redelivered", 21);
        Assert.Equal(Numbers(21), await second.Applied("redelivered"));
    }
}
