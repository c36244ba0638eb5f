using Dapper;
using Journal.Persistence.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Streams;

namespace Journal.Persistence.Streams;

/// <summary>
/// The SQL of one outbox stream provider: <c>stream_events</c> (outbox and log), <c>stream_cursors</c>
/// and <c>stream_partitions</c>. Once an append committed, the <see cref="OutboxNotifier"/> wakes the
/// agents of its partitions. Reads take only events whose transaction id is below the oldest running
/// transaction, in (epoch, tx, seq) order: every transaction that could still add an earlier event has
/// finished, so none is ever skipped even when transactions commit out of sequence order. Events of an
/// earlier epoch were written by another cluster (before a restore) and are final.
/// </summary>
public sealed class OutboxLog(string provider, OutboxQueueMapper mapper, OutboxNotifier notifier, NpgsqlDataSource dataSource, ILogger<OutboxLog> logger)
{
    private const int TrimBatch = 1_000;

    // The log's current epoch, read at start (PrepareAsync) before anything is appended or read.
    private int? _epoch;

    private const string AppendSql =
        """
        INSERT INTO stream_events (provider, stream_namespace, stream_key, partition, epoch, event_type, payload)
        SELECT @Provider, e.ns, e.key, e.part, @Epoch, e.type, e.payload::jsonb
        FROM unnest(@Namespaces, @Keys, @Partitions, @Types, @Payloads) WITH ORDINALITY AS e(ns, key, part, type, payload, n)
        ORDER BY e.n
        """;

    // Sent around the partition read in one batch, so on its connection only: if the read fails, the
    // batch's implicit transaction aborts and PostgreSQL undoes the SET with it. The read's plan is the
    // same for every position, but PostgreSQL judged its custom plans cheaper and planned it anew on 4
    // calls in 10, ≈ 0.6 ms of the server's CPU each (pg_stat_statements under bench/ApiLoad: docs/PERFORMANCE.md).
    private const string GenericPlanSql = "SET plan_cache_mode = force_generic_plan";
    private const string DefaultPlanSql = "RESET plan_cache_mode";

    // One statement, so the events and the held-back flag come from the same snapshot. The outer row
    // exists even when no event is readable (its event columns are then NULL). The guard is written
    // out where it is used, not joined from a CTE: as a stable expression it is an index condition,
    // while a join against a CTE made the held-back check scan every retained event of the partition.
    private const string ReadPartitionSql =
        """
        SELECT e.stream_namespace AS Namespace, e.stream_key AS Key, e.epoch AS Epoch, e.tx::text AS Tx, e.seq AS Seq, e.event_type AS EventType,
               e.payload::text AS Payload, e.created_at AS CreatedAt, e.replay_for AS ReplayFor, held.held_back AS HeldBack
        FROM (SELECT EXISTS (SELECT 1 FROM stream_events
                             WHERE provider = @Provider AND partition = @Partition AND epoch = @Epoch
                               AND tx >= pg_snapshot_xmin(pg_current_snapshot())) AS held_back) held
        LEFT JOIN LATERAL (
            SELECT s.* FROM stream_events s
            WHERE s.provider = @Provider AND s.partition = @Partition AND (s.epoch, s.tx, s.seq) > (@AfterEpoch, @AfterTx::xid8, @AfterSeq)
              AND (s.epoch < @Epoch OR s.tx < pg_snapshot_xmin(pg_current_snapshot()))
            ORDER BY s.epoch, s.tx, s.seq
            LIMIT @Limit) e ON true
        ORDER BY e.epoch, e.tx, e.seq
        """;

    // Positions of the current epoch at or above the next transaction id this cluster will assign
    // cannot have been written by it: the data was restored from another cluster. Start a new epoch
    // (once, even when two silos start together: the row lock orders them and the second sees no
    // position of the new epoch).
    private const string NewEpochAfterRestoreSql =
        """
        UPDATE stream_partitions s SET epoch = s.epoch + 1
        WHERE s.provider = @Provider AND (
            EXISTS (SELECT 1 FROM generate_series(0, s.partitions - 1) AS p(n),
                    LATERAL (SELECT e.tx FROM stream_events e
                             WHERE e.provider = s.provider AND e.partition = p.n AND e.epoch = s.epoch
                             ORDER BY e.tx DESC LIMIT 1) AS newest
                    WHERE newest.tx >= pg_snapshot_xmax(pg_current_snapshot()))
            OR EXISTS (SELECT 1 FROM stream_cursors c
                       WHERE c.provider = s.provider AND c.epoch = s.epoch AND c.tx >= pg_snapshot_xmax(pg_current_snapshot())))
        RETURNING s.epoch
        """;

    public string Provider => provider;

    public OutboxQueueMapper Mapper => mapper;

    /// <summary>Wakes the agents of partitions whose appends committed; its channel is the one they listen on.</summary>
    public OutboxNotifier Notifier => notifier;

    /// <summary>The current epoch; the provider must be started (it reads the epoch before anything else).</summary>
    public int Epoch => _epoch ?? throw new InvalidOperationException($"Stream provider '{provider}' has not started yet: nothing can be published or read before the silo starts.");

    /// <summary>Appends events, in order, in a transaction of their own (a stream's OnNextAsync outside a unit of work).</summary>
    public async Task AppendAsync(StreamId stream, IReadOnlyList<(string EventType, string Payload)> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var partition = mapper.PartitionOf(stream);
        // One statement: all events or none.
        await connection.ExecuteAsync(new CommandDefinition(AppendSql, new
        {
            Provider = provider,
            Epoch,
            Namespaces = events.Select(_ => stream.GetNamespace() ?? "").ToArray(),
            Keys = events.Select(_ => stream.GetKeyAsString()).ToArray(),
            Partitions = events.Select(_ => partition).ToArray(),
            Types = events.Select(e => e.EventType).ToArray(),
            Payloads = events.Select(e => e.Payload).ToArray(),
        }, cancellationToken: cancellationToken));
        notifier.Notify(partition);
    }

    // The events of a unit of work, inserted by its state statement if the version check (v) passed:
    // $1 provider, $2 epoch, then the events' namespaces, keys, partitions, types and payloads.
    private const string InsertInStatementSql =
        """
        INSERT INTO stream_events (provider, stream_namespace, stream_key, partition, epoch, event_type, payload)
        SELECT $1, e.ns, e.key, e.part, $2, e.type, e.payload::jsonb
        FROM v, unnest($3, $4, $5, $6, $7) WITH ORDINALITY AS e(ns, key, part, type, payload, n)
        ORDER BY e.n
        """;

    /// <summary>
    /// Adds a unit of work's events to its state write: one INSERT that reads the version check's
    /// result, so the events exist iff the state change commits; the agents are notified once it did.
    /// </summary>
    internal void AddTo(StateWriteStatement statement, IReadOnlyList<OutboxEvent> events)
    {
        var partitions = events.Select(e => mapper.PartitionOf(e.Stream)).ToArray();
        statement.AddCte(InsertInStatementSql)
            .Parameter(provider)
            .Parameter(Epoch)
            .Parameter(events.Select(e => e.Stream.GetNamespace() ?? "").ToArray())
            .Parameter(events.Select(e => e.Stream.GetKeyAsString()).ToArray())
            .Parameter(partitions)
            .Parameter(events.Select(e => e.EventType).ToArray())
            .Parameter(events.Select(e => e.Payload).ToArray());
        // Marking a partition twice is marking it once.
        statement.OnCommitted(() =>
        {
            foreach (var partition in partitions) notifier.Notify(partition);
        });
    }

    /// <summary>
    /// The next events of a partition after <paramref name="after"/>, in delivery order, and only
    /// those that no still-running transaction can precede; <see cref="PartitionRead.HeldBack"/> when
    /// committed events wait behind an older running transaction.
    /// </summary>
    public async Task<PartitionRead> ReadPartitionAsync(int partition, OutboxPosition after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(GenericPlanSql),
                StepParameters.ToBatchCommand(ReadPartitionSql, new
                {
                    Provider = provider, Partition = partition, Epoch, AfterEpoch = after.Epoch, AfterTx = after.Transaction.ToString(),
                    AfterSeq = after.Sequence, Limit = limit,
                }),
                new NpgsqlBatchCommand(DefaultPlanSql),
            },
        };
        var rows = new List<PartitionRow>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            // Npgsql's reader passes over results without rows (the SET): it starts on the read's.
            var parse = reader.GetRowParser<PartitionRow>();
            while (await reader.ReadAsync(cancellationToken)) rows.Add(parse(reader));
        }
        var events = new List<OutboxBatchContainer>(rows.Count);
        foreach (var row in rows)
        {
            if (row.Tx is null) continue;
            var position = OutboxPosition.FromRow(row.Epoch!.Value, row.Tx, row.Seq!.Value);
            events.Add(new OutboxBatchContainer(StreamId.Create(row.Namespace!, row.Key!), new OutboxSequenceToken(position, row.ReplayFor),
                row.EventType!, row.Payload!, new DateTimeOffset(row.CreatedAt!.Value, TimeSpan.Zero)));
        }
        return new PartitionRead(events, rows[0].HeldBack);
    }

    // One stream after a position, under the same guard as the partition read.
    private const string ReadStreamSql =
        """
        SELECT s.epoch AS Epoch, s.tx::text AS Tx, s.seq AS Seq, s.event_type AS EventType, s.payload::text AS Payload,
               s.created_at AS CreatedAt, s.replay_for AS ReplayFor
        FROM stream_events s
        WHERE s.provider = @Provider AND s.stream_namespace = @Namespace AND s.stream_key = @Key
          AND (s.epoch, s.tx, s.seq) > (@AfterEpoch, @AfterTx::xid8, @AfterSeq)
          AND (s.epoch < @Epoch OR s.tx < pg_snapshot_xmin(pg_current_snapshot()))
        ORDER BY s.epoch, s.tx, s.seq
        LIMIT @Limit
        """;

    /// <summary>
    /// The events of one stream after <paramref name="after"/> that are readable (as in
    /// <see cref="ReadPartitionAsync"/>), in delivery order: what a consumer that lost its memory reads
    /// to catch up with what the stream already delivered to it.
    /// </summary>
    public async Task<IReadOnlyList<OutboxBatchContainer>> ReadStreamAsync(StreamId stream, OutboxPosition after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<StreamRow>(new CommandDefinition(ReadStreamSql,
            new
            {
                Provider = provider, Namespace = stream.GetNamespace() ?? "", Key = stream.GetKeyAsString(), Epoch,
                AfterEpoch = after.Epoch, AfterTx = after.Transaction.ToString(), AfterSeq = after.Sequence, Limit = limit,
            },
            cancellationToken: cancellationToken));
        return rows.Select(row => new OutboxBatchContainer(stream, new OutboxSequenceToken(OutboxPosition.FromRow(row.Epoch, row.Tx, row.Seq), row.ReplayFor),
            row.EventType, row.Payload, new DateTimeOffset(row.CreatedAt, TimeSpan.Zero))).ToList();
    }

    /// <summary>
    /// Runs when the provider starts, before anything is appended or read: records the partition
    /// count, or adopts a changed one once every event is delivered, and starts a new epoch when the
    /// stored positions came from another PostgreSQL cluster. Throws when undelivered events were
    /// hashed with another partition count.
    /// </summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO stream_partitions (provider, partitions) VALUES (@Provider, @Partitions) ON CONFLICT (provider) DO NOTHING",
            new { Provider = provider, mapper.Partitions }, cancellationToken: cancellationToken));
        if (await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(NewEpochAfterRestoreSql, new { Provider = provider },
                cancellationToken: cancellationToken)) is { } newEpoch)
            logger.LogWarning("Stream provider '{Provider}' found positions written by another PostgreSQL cluster (a restore?); its events now continue in epoch {Epoch}",
                provider, newEpoch);
        var stored = await connection.QuerySingleAsync<(int Partitions, int Epoch)>(new CommandDefinition(
            "SELECT partitions, epoch FROM stream_partitions WHERE provider = @Provider", new { Provider = provider }, cancellationToken: cancellationToken));
        _epoch = stored.Epoch;
        if (stored.Partitions == mapper.Partitions) return;
        var undelivered = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            """
            SELECT EXISTS (SELECT 1 FROM stream_events e LEFT JOIN stream_cursors c ON c.provider = e.provider AND c.partition = e.partition
                           WHERE e.provider = @Provider AND (c.tx IS NULL OR (e.epoch, e.tx, e.seq) > (c.epoch, c.tx, c.seq)))
            """, new { Provider = provider }, cancellationToken: cancellationToken));
        if (undelivered)
            throw new InvalidOperationException(
                $"Streams:Partitions is {mapper.Partitions} but the undelivered events of stream provider '{provider}' were hashed into {stored.Partitions} partitions; "
                + $"run with {stored.Partitions} until every event is delivered, then change it.");
        await connection.ExecuteAsync(new CommandDefinition("UPDATE stream_partitions SET partitions = @Partitions WHERE provider = @Provider",
            new { Provider = provider, mapper.Partitions }, cancellationToken: cancellationToken));
        logger.LogInformation("Stream provider '{Provider}' changed from {Old} to {New} partitions (every event was delivered)", provider, stored.Partitions, mapper.Partitions);
    }

    public async Task<OutboxPosition> LoadCursorAsync(int partition, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<CursorRow>(new CommandDefinition(
            "SELECT epoch AS Epoch, tx::text AS Tx, seq AS Seq FROM stream_cursors WHERE provider = @Provider AND partition = @Partition",
            new { Provider = provider, Partition = partition }, cancellationToken: cancellationToken));
        return row is null ? OutboxPosition.Start : OutboxPosition.FromRow(row.Epoch, row.Tx, row.Seq);
    }

    // The cursor mostly saves work: if a crash loses its last update, the agent redelivers and the
    // consumers' checkpoints skip what they applied. So its commit does not wait for the WAL flush,
    // unless the caller needs it durable.
    public async Task SaveCursorAsync(int partition, OutboxPosition cursor, bool durable, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            SET LOCAL synchronous_commit TO {(durable ? "ON" : "OFF")};
            INSERT INTO stream_cursors (provider, partition, epoch, tx, seq) VALUES (@Provider, @Partition, @Epoch, @Tx::xid8, @Seq)
            ON CONFLICT (provider, partition) DO UPDATE SET epoch = excluded.epoch, tx = excluded.tx, seq = excluded.seq, updated_at = now();
            """,
            new { Provider = provider, Partition = partition, cursor.Epoch, Tx = cursor.Transaction.ToString(), Seq = cursor.Sequence },
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes the partition's events older than <paramref name="retention"/> that its cursor has
    /// passed, in short transactions (a long one would hold every reader's guard back); returns how many.
    /// </summary>
    public async Task<int> TrimAsync(int partition, TimeSpan retention, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var total = 0;
        while (true)
        {
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                """
                DELETE FROM stream_events WHERE (provider, partition, epoch, tx, seq) IN (
                    SELECT e.provider, e.partition, e.epoch, e.tx, e.seq FROM stream_events e JOIN stream_cursors c ON c.provider = e.provider AND c.partition = e.partition
                    WHERE e.provider = @Provider AND e.partition = @Partition AND (e.epoch, e.tx, e.seq) <= (c.epoch, c.tx, c.seq)
                      AND e.created_at < now() - @Retention
                    LIMIT @Batch)
                """,
                new { Provider = provider, Partition = partition, Retention = retention, Batch = TrimBatch }, cancellationToken: cancellationToken));
            total += deleted;
            if (deleted < TrimBatch) return total;
        }
    }

    private sealed record PartitionRow(string? Namespace, string? Key, int? Epoch, string? Tx, long? Seq, string? EventType, string? Payload,
        DateTime? CreatedAt, string? ReplayFor, bool HeldBack);

    private sealed record CursorRow(int Epoch, string Tx, long Seq);

    private sealed record StreamRow(int Epoch, string Tx, long Seq, string EventType, string Payload, DateTime CreatedAt, string? ReplayFor);
}

/// <summary>
/// What a partition read returned. <paramref name="HeldBack"/>: committed events exist that are not
/// readable yet because an older transaction is still running (read again soon).
/// </summary>
public sealed record PartitionRead(IReadOnlyList<OutboxBatchContainer> Events, bool HeldBack);
