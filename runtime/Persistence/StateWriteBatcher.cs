using System.Threading.Channels;
using Npgsql;

namespace Journal.Runtime;

/// <summary>
/// Group commit for state writes that are one statement each (no custom row changes): writes that
/// arrive while others are being written go to PostgreSQL together — one transaction, one round
/// trip, one WAL flush for the batch. A write that finds the queue empty goes alone, in autocommit,
/// so an idle system pays no extra latency. Each statement checks its own version, so a conflict
/// fails only its own write; an error aborts the batch, which is then retried one write at a time.
/// </summary>
internal sealed class StateWriteBatcher(NpgsqlDataSource dataSource)
{
    private const int MaxBatch = 64;
    private const int MaxWriters = 4;

    private readonly Channel<PendingWrite> _pending = Channel.CreateUnbounded<PendingWrite>();
    private int _writers;

    /// <summary>The new version, or null when the expected version did not hold.</summary>
    public Task<long?> WriteAsync(StateWriteStatement statement, CancellationToken cancellationToken)
    {
        var write = new PendingWrite(statement, cancellationToken);
        _pending.Writer.TryWrite(write);
        if (TryAddWriter()) _ = Task.Run(WriteLoopAsync);
        return write.Result.Task;
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
            {
                if (write.CancellationToken.IsCancellationRequested) write.Result.TrySetCanceled(write.CancellationToken);
                else batch.Add(write);
            }
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
        long?[] versions;
        try
        {
            versions = await ExecuteTogetherAsync(batch);
        }
        catch (Exception)
        {
            // One write's error (or a deadlock between two activations of the same grains in different
            // runtimes) aborted them all: nothing was written, so write each on its own.
            foreach (var write in batch) await WriteAloneAsync(write);
            return;
        }
        for (var i = 0; i < batch.Count; i++) batch[i].Result.TrySetResult(versions[i]);
    }

    private async Task<long?[]> ExecuteTogetherAsync(List<PendingWrite> batch)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var commands = new NpgsqlBatch(connection, transaction);
        foreach (var write in batch) commands.BatchCommands.Add(write.Statement.ToBatchCommand());
        var versions = new long?[batch.Count];
        await using (var reader = await commands.ExecuteReaderAsync())
        {
            for (var i = 0; i < batch.Count; i++)
            {
                versions[i] = await reader.ReadAsync() ? reader.GetInt64(0) : null;
                await reader.NextResultAsync();
            }
        }
        await transaction.CommitAsync();
        return versions;
    }

    private async Task WriteAloneAsync(PendingWrite write)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(write.CancellationToken);
            write.Result.TrySetResult(await write.Statement.ExecuteAsync(connection, transaction: null, write.CancellationToken));
        }
        catch (Exception e)
        {
            write.Result.TrySetException(e);
        }
    }

    private sealed record PendingWrite(StateWriteStatement Statement, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<long?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
