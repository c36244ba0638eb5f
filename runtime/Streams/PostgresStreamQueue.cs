using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Journal.Runtime;

/// <summary>
/// Streams in PostgreSQL: <c>stream_events</c> (outbox and log), <c>stream_cursors</c> and
/// <c>stream_dead_letters</c>. Appends notify the agents with NOTIFY, which PostgreSQL sends only at
/// commit. Reads take only events whose transaction id is below the oldest running transaction, in
/// (epoch, tx, seq) order: every transaction that could still add an earlier event has finished, so
/// none is ever skipped even when transactions commit out of sequence order. Events of an earlier
/// epoch were written by another cluster (before a restore) and are final.
/// </summary>
internal sealed class PostgresStreamQueue(string provider, NpgsqlDataSource dataSource, ILogger logger) : IStreamQueue
{
    private const int TrimBatch = 1_000;

    // How long the LISTEN connection may stay silent before it is probed: a half-open TCP connection
    // (a NAT timeout, a failover) would otherwise leave the agents polling forever.
    private static readonly TimeSpan ListenProbeInterval = TimeSpan.FromSeconds(30);

    private readonly string _channel = ChannelName(provider);

    // The log's current epoch, read at start (PrepareAsync) before anything is appended or read.
    private int _epoch;

    private const string AppendSql =
        """
        INSERT INTO stream_events (provider, stream_namespace, stream_key, partition, epoch, event_type, payload)
        SELECT @Provider, e.ns, e.key, e.part, @Epoch, e.type, e.payload::jsonb
        FROM unnest(@Namespaces, @Keys, @Partitions, @Types, @Payloads) WITH ORDINALITY AS e(ns, key, part, type, payload, n)
        ORDER BY e.n;
        SELECT pg_notify(@Channel, p::text) FROM unnest(@Notify) AS p;
        """;

    // One statement, so the events and the held-back flag come from the same snapshot. The outer row
    // exists even when no event is readable (its event columns are then NULL). The guard is written
    // out where it is used, not joined from a CTE: as a stable expression it is an index condition,
    // while a join against a CTE made the held-back check scan every retained event of the partition.
    private const string ReadPartitionSql =
        """
        SELECT e.stream_namespace AS Namespace, e.stream_key AS Key, e.epoch AS Epoch, e.tx::text AS Tx, e.seq AS Seq, e.event_type AS EventType,
               e.payload::text AS Payload, e.created_at AS CreatedAt, held.held_back AS HeldBack
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

    private const string ReadStreamSql =
        """
        SELECT stream_namespace AS Namespace, stream_key AS Key, epoch AS Epoch, tx::text AS Tx, seq AS Seq, event_type AS EventType,
               payload::text AS Payload, created_at AS CreatedAt
        FROM stream_events
        WHERE provider = @Provider AND stream_namespace = @Namespace AND stream_key = @Key AND (epoch, tx, seq) > (@AfterEpoch, @AfterTx::xid8, @AfterSeq)
          AND (epoch < @Epoch OR tx < pg_snapshot_xmin(pg_current_snapshot()))
        ORDER BY epoch, tx, seq
        LIMIT @Limit
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

    private const string DeadLetterColumns =
        """
        id AS Id, consumer AS Consumer, stream_namespace AS Namespace, stream_key AS Key, epoch AS Epoch, tx::text AS Tx, seq AS Seq,
        event_type AS EventType, payload::text AS Payload, error AS Error, attempts AS Attempts, failed_at AS FailedAt
        """;

    public async Task AppendAsync(IReadOnlyList<PendingEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One statement list in one implicit transaction: all events or none.
        await AppendAsync(connection, transaction: null, events, cancellationToken);
    }

    /// <summary>Appends in the caller's transaction (tests hold one open on purpose).</summary>
    internal Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<PendingEvent> events, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(AppendSql, AppendParameters(events), transaction, cancellationToken: cancellationToken));

    public void Enlist(UnitOfWork unitOfWork, PendingEvent pendingEvent) => unitOfWork.AddToOutbox(this, pendingEvent);

    /// <summary>
    /// Adds a unit of work's events to its state write: one INSERT that reads the version check's
    /// result, so the events exist iff the state change commits, and the notification with the result.
    /// </summary>
    public void AddOutbox(StateWriteStatement statement, IReadOnlyList<PendingEvent> events)
    {
        var p = statement.NextOutboxPrefix();
        statement
            .Parameter(p + "provider", provider)
            .Parameter(p + "epoch", _epoch)
            .Parameter(p + "channel", _channel)
            .Parameter(p + "namespaces", events.Select(e => e.Stream.Namespace).ToArray())
            .Parameter(p + "keys", events.Select(e => e.Stream.Key).ToArray())
            .Parameter(p + "partitions", events.Select(e => e.Partition).ToArray())
            .Parameter(p + "types", events.Select(e => e.EventType).ToArray())
            .Parameter(p + "payloads", events.Select(e => e.Payload).ToArray())
            .Parameter(p + "notify", events.Select(e => e.Partition).Distinct().ToArray());
        statement.AddCte(p + "events",
            $"""
             INSERT INTO stream_events (provider, stream_namespace, stream_key, partition, epoch, event_type, payload)
             SELECT @{p}provider, e.ns, e.key, e.part, @{p}epoch, e.type, e.payload::jsonb
             FROM v, unnest(@{p}namespaces, @{p}keys, @{p}partitions, @{p}types, @{p}payloads) WITH ORDINALITY AS e(ns, key, part, type, payload, n)
             ORDER BY e.n
             """);
        statement.AddResult($"(SELECT count(pg_notify(@{p}channel, n::text)) FROM unnest(@{p}notify) AS n)");
    }

    private object AppendParameters(IReadOnlyList<PendingEvent> events) => new
    {
        Provider = provider,
        Epoch = _epoch,
        Channel = _channel,
        Namespaces = events.Select(e => e.Stream.Namespace).ToArray(),
        Keys = events.Select(e => e.Stream.Key).ToArray(),
        Partitions = events.Select(e => e.Partition).ToArray(),
        Types = events.Select(e => e.EventType).ToArray(),
        Payloads = events.Select(e => e.Payload).ToArray(),
        Notify = events.Select(e => e.Partition).Distinct().ToArray(),
    };

    public async Task<PartitionBatch> ReadPartitionAsync(int partition, StreamSequenceToken after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<PartitionRow>(new CommandDefinition(ReadPartitionSql,
            new
            {
                Provider = provider, Partition = partition, Epoch = _epoch, AfterEpoch = after.Epoch, AfterTx = after.Transaction.ToString(),
                AfterSeq = after.Sequence, Limit = limit,
            },
            cancellationToken: cancellationToken))).ToList();
        var events = rows.Where(row => row.Tx is not null)
            .Select(row => new EventRow(row.Namespace!, row.Key!, row.Epoch!.Value, row.Tx!, row.Seq!.Value, row.EventType!, row.Payload!, row.CreatedAt!.Value)
                .ToStoredEvent())
            .ToList();
        return new PartitionBatch(events, rows[0].HeldBack);
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(StreamId stream, StreamSequenceToken after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(ReadStreamSql,
            new
            {
                Provider = provider, stream.Namespace, stream.Key, Epoch = _epoch, AfterEpoch = after.Epoch, AfterTx = after.Transaction.ToString(),
                AfterSeq = after.Sequence, Limit = limit,
            },
            cancellationToken: cancellationToken));
        return rows.Select(row => row.ToStoredEvent()).ToList();
    }

    public async Task<string?> PrepareAsync(int partitions, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO stream_partitions (provider, partitions) VALUES (@Provider, @Partitions) ON CONFLICT (provider) DO NOTHING",
            new { Provider = provider, Partitions = partitions }, cancellationToken: cancellationToken));
        if (await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(NewEpochAfterRestoreSql, new { Provider = provider },
                cancellationToken: cancellationToken)) is { } newEpoch)
            logger.LogWarning("Stream provider '{Provider}' found positions written by another PostgreSQL cluster (a restore?); its events now continue in epoch {Epoch}",
                provider, newEpoch);
        var stored = await connection.QuerySingleAsync<(int Partitions, int Epoch)>(new CommandDefinition(
            "SELECT partitions, epoch FROM stream_partitions WHERE provider = @Provider", new { Provider = provider }, cancellationToken: cancellationToken));
        _epoch = stored.Epoch;
        if (stored.Partitions == partitions) return null;
        var undelivered = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            """
            SELECT EXISTS (SELECT 1 FROM stream_events e LEFT JOIN stream_cursors c ON c.provider = e.provider AND c.partition = e.partition
                           WHERE e.provider = @Provider AND (c.tx IS NULL OR (e.epoch, e.tx, e.seq) > (c.epoch, c.tx, c.seq)))
            """, new { Provider = provider }, cancellationToken: cancellationToken));
        if (undelivered)
            return $"Streams:Partitions is {partitions} but the undelivered events of stream provider '{provider}' were hashed into {stored.Partitions} partitions; "
                + $"run with {stored.Partitions} until every event is delivered, then change it.";
        await connection.ExecuteAsync(new CommandDefinition("UPDATE stream_partitions SET partitions = @Partitions WHERE provider = @Provider",
            new { Provider = provider, Partitions = partitions }, cancellationToken: cancellationToken));
        logger.LogInformation("Stream provider '{Provider}' changed from {Old} to {New} partitions (every event was delivered)", provider, stored.Partitions, partitions);
        return null;
    }

    public async Task<StreamSequenceToken> LoadCursorAsync(int partition, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<CursorRow>(new CommandDefinition(
            "SELECT epoch AS Epoch, tx::text AS Tx, seq AS Seq FROM stream_cursors WHERE provider = @Provider AND partition = @Partition",
            new { Provider = provider, Partition = partition }, cancellationToken: cancellationToken));
        return row is null ? StreamSequenceToken.Start : new StreamSequenceToken(row.Epoch, long.Parse(row.Tx), row.Seq);
    }

    // The cursor mostly saves work: if a crash loses its last update, the agent redelivers and the
    // consumers' checkpoints skip what they applied. So its commit does not wait for the WAL flush,
    // unless the caller needs it durable.
    public async Task SaveCursorAsync(int partition, StreamSequenceToken cursor, bool durable, CancellationToken cancellationToken)
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

    public async Task<int> TrimAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var total = 0;
        while (true)
        {
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                """
                DELETE FROM stream_events WHERE seq IN (
                    SELECT e.seq FROM stream_events e JOIN stream_cursors c ON c.provider = e.provider AND c.partition = e.partition
                    WHERE e.provider = @Provider AND (e.epoch, e.tx, e.seq) <= (c.epoch, c.tx, c.seq) AND e.created_at < now() - @Retention
                    LIMIT @Batch)
                """,
                new { Provider = provider, Retention = retention, Batch = TrimBatch }, cancellationToken: cancellationToken));
            total += deleted;
            if (deleted < TrimBatch) return total;
        }
    }

    public async Task AddDeadLetterAsync(string consumer, StoredEvent failed, string error, int attempts, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO stream_dead_letters (provider, consumer, stream_namespace, stream_key, epoch, tx, seq, event_type, payload, error, attempts)
            VALUES (@Provider, @Consumer, @Namespace, @Key, @Epoch, @Tx::xid8, @Seq, @EventType, @Payload::jsonb, @Error, @Attempts)
            """,
            new
            {
                Provider = provider, Consumer = consumer, failed.Stream.Namespace, failed.Stream.Key, failed.Token.Epoch, Tx = failed.Token.Transaction.ToString(),
                Seq = failed.Token.Sequence, failed.EventType, failed.Payload, Error = error, Attempts = attempts,
            },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeadLetterRow>(new CommandDefinition(
            $"SELECT {DeadLetterColumns} FROM stream_dead_letters WHERE provider = @Provider ORDER BY id LIMIT @Limit",
            new { Provider = provider, Limit = limit }, cancellationToken: cancellationToken));
        return rows.Select(row => row.ToDeadLetter()).ToList();
    }

    public async Task<DeadLetter?> GetDeadLetterAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<DeadLetterRow>(new CommandDefinition(
            $"SELECT {DeadLetterColumns} FROM stream_dead_letters WHERE provider = @Provider AND id = @Id",
            new { Provider = provider, Id = id }, cancellationToken: cancellationToken));
        return row?.ToDeadLetter();
    }

    public async Task<bool> TryClaimDeadLetterAsync(long id, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE stream_dead_letters SET replay_lease_until = now() + @Lease
            WHERE provider = @Provider AND id = @Id AND (replay_lease_until IS NULL OR replay_lease_until < now())
            """,
            new { Provider = provider, Id = id, Lease = lease }, cancellationToken: cancellationToken)) == 1;
    }

    public async Task RemoveDeadLetterAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM stream_dead_letters WHERE provider = @Provider AND id = @Id",
            new { Provider = provider, Id = id }, cancellationToken: cancellationToken));
    }

    public async Task UpdateDeadLetterAsync(long id, string error, int attempts, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE stream_dead_letters SET error = @Error, attempts = @Attempts, failed_at = now(), replay_lease_until = NULL
            WHERE provider = @Provider AND id = @Id
            """,
            new { Provider = provider, Id = id, Error = error, Attempts = attempts }, cancellationToken: cancellationToken));
    }

    // One connection holds the LISTEN. After every (re)connect all partitions are woken, because
    // notifications sent while no one listened are lost; polling covers the gap meanwhile. A silent
    // connection is probed now and then, so a dead one is noticed and replaced.
    public async Task ListenAsync(Action<int> wake, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                connection.Notification += (_, e) =>
                {
                    if (int.TryParse(e.Payload, out var partition)) wake(partition);
                };
                await connection.ExecuteAsync($"LISTEN \"{_channel}\"");
                wake(-1);
                while (true)
                    if (!await connection.WaitAsync(ListenProbeInterval, cancellationToken))
                        await connection.ExecuteAsync(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Listening for stream notifications on {Channel} failed; agents poll until it reconnects", _channel);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    // LISTEN takes an identifier (at most 63 bytes; quoted, so case is kept); pg_notify takes the same name as text.
    private static string ChannelName(string provider)
    {
        var channel = "journal_streams_" + new string(provider.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_').ToArray());
        if (channel.Length > 63)
            throw new ArgumentException($"Stream provider name '{provider}' is too long for a PostgreSQL notification channel; use at most {63 - 16} characters.", nameof(provider));
        return channel;
    }

    private sealed record PartitionRow(string? Namespace, string? Key, int? Epoch, string? Tx, long? Seq, string? EventType, string? Payload,
        DateTime? CreatedAt, bool HeldBack);

    private sealed record EventRow(string Namespace, string Key, int Epoch, string Tx, long Seq, string EventType, string Payload, DateTime CreatedAt)
    {
        public StoredEvent ToStoredEvent() =>
            new(new StreamId(Namespace, Key), new StreamSequenceToken(Epoch, long.Parse(Tx), Seq), EventType, Payload, new DateTimeOffset(CreatedAt, TimeSpan.Zero));
    }

    private sealed record CursorRow(int Epoch, string Tx, long Seq);

    private sealed record DeadLetterRow(long Id, string Consumer, string Namespace, string Key, int Epoch, string Tx, long Seq, string EventType,
        string Payload, string Error, int Attempts, DateTime FailedAt)
    {
        public DeadLetter ToDeadLetter() =>
            new(Id, Consumer, new StreamId(Namespace, Key), new StreamSequenceToken(Epoch, long.Parse(Tx), Seq), EventType, Payload, Error, Attempts,
                new DateTimeOffset(FailedAt, TimeSpan.Zero));
    }
}
