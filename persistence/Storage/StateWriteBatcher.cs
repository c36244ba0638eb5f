using System.Threading.Channels;
using Npgsql;

namespace Journal.Persistence.Storage;

/// <summary>
/// Group commit for state writes, with or without a unit of work's row changes: writes that arrive
/// while others are being written go to PostgreSQL together — one transaction, one round trip, one
/// WAL flush for the batch. A write that finds the queue empty goes alone, so an idle system pays no
/// extra latency. A state statement without row changes checks its own version and returns no row on
/// a conflict, which fails only its own write; one with row changes raises instead, so that its rows
/// never commit. A server error (that raise included), or a parameter Npgsql refused before sending,
/// aborts the batch, which is then retried one write at a time; a connection lost before the batch's
/// answer began (a proxy's class 08 error included) fails its writes; and when the answer is lost
/// later, the outcome is resolved (<see cref="CommitOutcome"/>), so a write is never reported as a
/// conflict after it committed.
/// </summary>
internal sealed class StateWriteBatcher(NpgsqlDataSource dataSource)
{
    private const int MaxBatch = 64;

    /// <summary>
    /// Batches written at once, each on its own connection. Two rather than four made larger batches
    /// and faster writes here, and one left the machine idle between round trips (docs/PERFORMANCE.md).
    /// </summary>
    internal const int MaxWriters = 2;

    private readonly Channel<PendingWrite> _pending = Channel.CreateUnbounded<PendingWrite>();
    private int _writers;

    /// <summary>The new version, or null when the expected version did not hold.</summary>
    public Task<long?> WriteAsync(StateWriteStatement statement, UnitOfWork? changes, CancellationToken cancellationToken)
    {
        var write = new PendingWrite(statement, changes is { HasSqlSteps: true } ? changes : null, cancellationToken);
        _pending.Writer.TryWrite(write);
        if (TryAddWriter()) _ = Task.Run(WriteLoopAsync);
        return write.Result;
    }

    private bool TryAddWriter()
    {
        while (true)
        {
            var writers = Volatile.Read(ref _writers);
            if (writers >= MaxWriters) return false;
            if (Interlocked.CompareExchange(ref _writers, writers + 1, writers) == writers) return true;
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (true)
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var write))
                if (write.TryTake()) batch.Add(write); // else cancelled while it waited
            if (batch.Count == 0)
            {
                Interlocked.Decrement(ref _writers);
                // A write queued after the last read found every writer busy: take it over.
                if (_pending.Reader.Count == 0 || !TryAddWriter()) return;
                continue;
            }
            await WriteBatchAsync(batch);
            batch.Clear();
        }
    }

    private async Task WriteBatchAsync(List<PendingWrite> batch)
    {
        if (batch.Count == 1)
        {
            await WriteAloneAsync(batch[0]);
            return;
        }
        // State rows in the same order in every batch: two batches never wait for each other's state rows
        // in a cycle. The rows their row changes lock can still make one; PostgreSQL then aborts one batch.
        batch.Sort((a, b) => string.CompareOrdinal(a.Statement.Row, b.Statement.Row));
        try
        {
            var versions = await ExecuteTogetherAsync(batch);
            for (var i = 0; i < batch.Count; i++) batch[i].Complete(versions[i]);
        }
        catch (Exception e) when (CommitOutcome.ServerRefused(e) || e is not (NpgsqlException or CommitOutcomeUnknownException))
        {
            // The server refused one statement or the commit (a conflict with row changes, a constraint, two
            // batches deadlocked), or Npgsql refused a parameter before sending anything: nothing was
            // written, so write each on its own and only the faulty one fails.
            foreach (var write in batch) await WriteAloneAsync(write);
        }
        catch (Exception e)
        {
            // The connection failed, or the COMMIT's outcome is unknown: the batch may have committed, so a
            // retry could find its own write and report a conflict. Each write fails; its grain rereads.
            foreach (var write in batch) write.Fail(e);
        }
    }

    // One round trip, committed when the batch ends (CommitOutcome): every state statement, then every
    // write's row changes in the same order. A write's state statement so runs before its rows: it takes
    // the state's row lock, so a conflicting writer waits there and then finds the version changed.
    private async Task<long?[]> ExecuteTogetherAsync(IReadOnlyList<PendingWrite> batch)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var commands = new NpgsqlBatch(connection);
        foreach (var write in batch) commands.BatchCommands.Add(write.Statement.ToBatchCommand(raiseOnConflict: write.RowChanges is not null));
        foreach (var write in batch) write.RowChanges?.AddTo(commands);
        // The state statements' results come first: row changes that return nothing are skipped by the
        // reader, and any that return rows come after them.
        return await CommitOutcome.CommitAsync(dataSource, commands, async reader =>
        {
            var versions = new long?[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                versions[i] = await reader.ReadAsync() ? reader.GetInt64(0) : null;
                await reader.NextResultAsync();
            }
            return versions;
        });
    }

    // A state statement alone goes in autocommit; with row changes, in a batch of its own.
    private async Task WriteAloneAsync(PendingWrite write)
    {
        try
        {
            if (write.RowChanges is not null)
            {
                write.Complete((await ExecuteTogetherAsync([write]))[0]);
                return;
            }
            await using var connection = await dataSource.OpenConnectionAsync();
            write.Complete(await write.Statement.ExecuteAsync(connection, CancellationToken.None));
        }
        catch (PostgresException e) when (e.SqlState == StateWriteStatement.ConflictSqlState)
        {
            write.Complete(null);
        }
        catch (Exception e)
        {
            write.Fail(e);
        }
    }

    /// <summary>
    /// A queued write. Its caller's cancellation counts only while it waits in the queue: once a
    /// writer took it, it may commit, so it is never reported cancelled.
    /// </summary>
    private sealed class PendingWrite
    {
        private const int Queued = 0, Taken = 1, Cancelled = 2;

        private readonly TaskCompletionSource<long?> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenRegistration _registration;
        private int _state;

        public PendingWrite(StateWriteStatement statement, UnitOfWork? rowChanges, CancellationToken cancellationToken)
        {
            Statement = statement;
            RowChanges = rowChanges;
            _registration = cancellationToken.Register(() =>
            {
                if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued) _result.TrySetCanceled(cancellationToken);
            });
        }

        public StateWriteStatement Statement { get; }

        /// <summary>The unit of work whose row changes commit with the statement, if it has any.</summary>
        public UnitOfWork? RowChanges { get; }

        public Task<long?> Result => _result.Task;

        public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

        public void Complete(long? version)
        {
            _registration.Dispose();
            _result.TrySetResult(version);
        }

        public void Fail(Exception exception)
        {
            _registration.Dispose();
            _result.TrySetException(exception);
        }
    }
}
