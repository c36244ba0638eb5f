using Dapper;
using Journal.Tests.Infrastructure;
using Journal.Tests.Providers.Grains;
using static Journal.Tests.Providers.StreamTesting;

namespace Journal.Tests.Providers;

/// <summary>
/// Stream positions contain transaction ids, which belong to one PostgreSQL cluster. After the data
/// is restored into another cluster (whose counter starts lower), the log continues in a new epoch:
/// nothing is skipped, nothing applied twice. Its own database: the epoch is per database.
/// </summary>
public sealed class RestoreTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const long Shift = 1_000_000;

    [Fact]
    public async Task After_a_restore_into_a_cluster_with_lower_transaction_ids_the_log_continues_in_a_new_epoch()
    {
        await using (var before = await TestSilos.StartAsync(database, silos: 1))
        {
            await before.Client.GetGrain<IProducerGrain>("restored").Produce(5);
            await before.WaitForApplied("restored", 5);
        }
        await SimulateRestoreIntoYoungerClusterAsync();
        var deliveredBefore = StreamLog.Batches("restored").Sum();

        await using var after = await TestSilos.StartAsync(database, silos: 1);

        await using (var connection = await database.DataSource.OpenConnectionAsync())
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT epoch FROM stream_partitions WHERE provider = 'default'"));
        // The old events are readable at once (their cluster is gone) and the consumer's checkpoint skips them…
        await Eventually.True(() => StreamLog.Batches("restored").Sum() >= deliveredBefore + 5,
            "the old events are delivered again (their cursor was lost with the restore)");
        // …and what the new cluster writes sorts after them.
        await after.Client.GetGrain<IProducerGrain>("restored").Produce(3);
        await after.WaitForApplied("restored", 8);
        Assert.Equal(Numbers(8), await after.Applied("restored"));
        await using (var connection = await database.DataSource.OpenConnectionAsync())
            Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1], await connection.QueryAsync<int>("SELECT epoch FROM stream_events WHERE stream_key = 'restored' ORDER BY seq"));
    }

    // What a dump restored into a younger cluster looks like: every stored position is far above the
    // transaction ids this server hands out next, including the consumer's checkpoint. The cursors are
    // dropped, as if the dump was taken before they were last saved.
    private async Task SimulateRestoreIntoYoungerClusterAsync()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var shifted = await connection.ExecuteAsync(
            """
            UPDATE stream_events SET tx = ((tx::text)::bigint + @Shift)::text::xid8;
            DELETE FROM stream_cursors;
            UPDATE grain_state
               SET payload = jsonb_set(payload, '{checkpoints,applied,test/restored,transaction}',
                                       to_jsonb((payload #>> '{checkpoints,applied,test/restored,transaction}')::bigint + @Shift))
             WHERE grain_type = 'test-recorder' AND grain_key = 'restored' AND state_name = 'recorder';
            """, new { Shift });
        Assert.True(shifted >= 6, "the events and the recorder's checkpoint were moved");
    }
}
