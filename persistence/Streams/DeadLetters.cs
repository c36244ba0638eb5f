using Dapper;
using Npgsql;
using Orleans.Streams;

namespace Journal.Persistence.Streams;

/// <summary>
/// Events a consumer kept failing (<c>stream_dead_letters</c>): written by the consumer when it gives
/// up on an event, so its stream moves on; listed and replayed by operators. A replay deletes the
/// letter and appends the event again for that consumer alone, in one transaction: it is then an
/// ordinary event (in order, at least once, exactly once through the consumer's checkpoints), and a
/// letter can never be replayed twice.
/// </summary>
public sealed class DeadLetters(OutboxLog log, NpgsqlDataSource dataSource)
{
    private const string Columns =
        """
        id AS Id, consumer AS Consumer, stream_namespace AS Namespace, stream_key AS Key, epoch AS Epoch, tx::text AS Tx, seq AS Seq,
        event_type AS EventType, payload::text AS Payload, error AS Error, attempts AS Attempts, failed_at AS FailedAt
        """;

    /// <summary>Keeps the event a consumer gave up on; once per consumer and event.</summary>
    public async Task AddAsync(string consumer, StreamId stream, OutboxPosition position, string eventType, string payload, string error, int attempts)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO stream_dead_letters (provider, consumer, stream_namespace, stream_key, epoch, tx, seq, event_type, payload, error, attempts)
            VALUES (@Provider, @Consumer, @Namespace, @Key, @Epoch, @Tx::xid8, @Seq, @EventType, @Payload::jsonb, @Error, @Attempts)
            ON CONFLICT (provider, consumer, epoch, tx, seq) DO NOTHING
            """,
            new
            {
                log.Provider, Consumer = consumer, Namespace = stream.GetNamespace() ?? "", Key = stream.GetKeyAsString(), position.Epoch,
                Tx = position.Transaction.ToString(), Seq = position.Sequence, EventType = eventType, Payload = payload, Error = error, Attempts = attempts,
            });
    }

    /// <summary>Whether the consumer already gave up on the event at <paramref name="position"/>.</summary>
    public async Task<bool> ContainsAsync(string consumer, OutboxPosition position)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>(
            """
            SELECT EXISTS (SELECT 1 FROM stream_dead_letters
                           WHERE provider = @Provider AND consumer = @Consumer AND epoch = @Epoch AND tx = @Tx::xid8 AND seq = @Seq)
            """,
            new { log.Provider, Consumer = consumer, position.Epoch, Tx = position.Transaction.ToString(), Seq = position.Sequence });
    }

    /// <summary>The positions of <paramref name="stream"/>'s events the consumer gave up on.</summary>
    public async Task<IReadOnlySet<OutboxPosition>> PositionsAsync(string consumer, StreamId stream)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(int Epoch, string Tx, long Seq)>(
            """
            SELECT epoch, tx::text, seq FROM stream_dead_letters
            WHERE provider = @Provider AND consumer = @Consumer AND stream_namespace = @Namespace AND stream_key = @Key
            """,
            new { log.Provider, Consumer = consumer, Namespace = stream.GetNamespace() ?? "", Key = stream.GetKeyAsString() });
        return rows.Select(row => OutboxPosition.FromRow(row.Epoch, row.Tx, row.Seq)).ToHashSet();
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(int limit = 100)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<DeadLetterRow>(
            $"SELECT {Columns} FROM stream_dead_letters WHERE provider = @Provider ORDER BY id LIMIT @Limit", new { log.Provider, Limit = limit });
        return rows.Select(row => row.ToDeadLetter()).ToList();
    }

    /// <summary>Delivers the letter's event again to its consumer; false when no such letter exists (already replayed).</summary>
    public async Task<bool> ReplayAsync(long id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var letter = await connection.QuerySingleOrDefaultAsync<DeadLetterRow>(
            $"SELECT {Columns} FROM stream_dead_letters WHERE provider = @Provider AND id = @Id FOR UPDATE", new { log.Provider, Id = id }, transaction);
        if (letter is null) return false;
        var partition = OutboxQueueMapper.PartitionOf(letter.Namespace, letter.Key, log.Mapper.Partitions);
        await connection.ExecuteAsync(
            """
            DELETE FROM stream_dead_letters WHERE provider = @Provider AND id = @Id;
            INSERT INTO stream_events (provider, stream_namespace, stream_key, partition, epoch, event_type, payload, replay_for)
            VALUES (@Provider, @Namespace, @Key, @Partition, @Epoch, @EventType, @Payload::jsonb, @Consumer);
            """,
            new
            {
                log.Provider, Id = id, letter.Namespace, letter.Key, Partition = partition, log.Epoch, letter.EventType, letter.Payload, letter.Consumer,
            },
            transaction);
        await transaction.CommitAsync();
        log.Notifier.Notify(partition);
        return true;
    }

    private sealed record DeadLetterRow(long Id, string Consumer, string Namespace, string Key, int Epoch, string Tx, long Seq, string EventType,
        string Payload, string Error, int Attempts, DateTime FailedAt)
    {
        public DeadLetter ToDeadLetter() =>
            new(Id, Consumer, StreamId.Create(Namespace, Key), OutboxPosition.FromRow(Epoch, Tx, Seq), EventType, Payload, Error, Attempts,
                new DateTimeOffset(FailedAt, TimeSpan.Zero));
    }
}

/// <summary>An event a consumer gave up on, with the last error and the attempts it took.</summary>
public sealed record DeadLetter(long Id, string Consumer, StreamId Stream, OutboxPosition Position, string EventType, string Payload, string Error,
    int Attempts, DateTimeOffset FailedAt);
