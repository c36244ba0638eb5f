using Dapper;
using Journal.Runtime;
using Journal.Tests.Infrastructure;
using Journal.Tests.Streams.Grains;

namespace Journal.Tests.Streams;

/// <summary>
/// Stream positions contain transaction ids, which belong to one PostgreSQL cluster. After the data
/// is restored into another cluster (whose counter starts lower), the log continues in a new epoch:
/// nothing is skipped, nothing applied twice. Its own database: the epoch is per database.
/// </summary>
public sealed class RestoreTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const long Shift = 1_000_000;

    private readonly StreamLog _log = new();

    [Fact]
    public async Task After_a_restore_into_a_cluster_with_lower_transaction_ids_the_log_continues_in_a_new_epoch()
    {
        await using (var before = StreamTestSilo.Start(database.ConnectionString, _log))
        {
            await before.Grains.GetGrain<IProducerGrain>("restored").Produce(5);
            await before.WaitForApplied("restored", 5);
        }
        await SimulateRestoreIntoYoungerClusterAsync();
        var deliveredBefore = _log.Batches(StreamId.Create(ProducerGrain.Namespace, "restored")).Sum();

        await using var after = StreamTestSilo.Start(database.ConnectionString, _log);

        Assert.Empty(after.Runtime.Faults);
        await using (var connection = await database.DataSource.OpenConnectionAsync())
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT epoch FROM stream_partitions WHERE provider = 'default'"));
        // The old events are readable at once (their cluster is gone) and the consumer's checkpoint skips them…
        await Eventually.True(() => _log.Batches(StreamId.Create(ProducerGrain.Namespace, "restored")).Sum() >= deliveredBefore + 5,
            "the old events are delivered again (their cursor was lost with the restore)");
        // …and what the new cluster writes sorts after them.
        await after.Grains.GetGrain<IProducerGrain>("restored").Produce(3);
        await after.WaitForApplied("restored", 8);
        await Task.Delay(200);
        Assert.Equal(StreamTestSilo.Numbers(8), await after.Grains.GetGrain<IRecorderGrain>("restored").Applied());
    }

    // What a dump restored into a younger cluster looks like: every stored position is far above the
    // transaction ids this server hands out next, including the consumer's checkpoint. The cursor is
    // dropped, as if the dump was taken before it was last saved.
    private async Task SimulateRestoreIntoYoungerClusterAsync()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            UPDATE stream_events SET tx = ((tx::text)::bigint + @Shift)::text::xid8;
            DELETE FROM stream_cursors;
            UPDATE grain_state
               SET payload = jsonb_set(payload, '{checkpoints,applied,test/restored,transaction}',
                                       to_jsonb((payload #>> '{checkpoints,applied,test/restored,transaction}')::bigint + @Shift))
             WHERE grain_type = 'RecorderGrain' AND grain_key = 'restored';
            """, new { Shift });
    }
}
