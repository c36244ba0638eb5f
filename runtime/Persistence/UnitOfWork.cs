using Dapper;
using Npgsql;

namespace Journal.Runtime;

/// <summary>
/// The changes a grain makes to its own tables and the events it publishes, committed by
/// <see cref="IPersistentState{TState}.WriteStateAsync(UnitOfWork, CancellationToken)"/> in the same
/// transaction as its state version check and bump (the transactional outbox). Grains describe their
/// changes here and never open transactions themselves. Steps run in the order they were added.
/// </summary>
public sealed class UnitOfWork
{
    private readonly List<Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task>> _steps = [];
    private List<Action>? _committed;
    private Dictionary<PostgresStreamQueue, List<PendingEvent>>? _outboxes;

    /// <summary>Adds one SQL statement with Dapper-style parameters.</summary>
    public UnitOfWork Execute(string sql, object? parameters = null)
    {
        _steps.Add((connection, transaction, ct) =>
            connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct)));
        return this;
    }

    /// <summary>Adds a step that needs more than one statement (e.g. a check that throws to roll everything back).</summary>
    public UnitOfWork Add(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task> step)
    {
        _steps.Add(step);
        return this;
    }

    /// <summary>Publishes <paramref name="item"/> on <paramref name="stream"/> if, and only if, this unit of work commits.</summary>
    public UnitOfWork Publish<T>(IAsyncStream<T> stream, T item)
    {
        if (stream is not AsyncStream<T> runtimeStream)
            throw new ArgumentException($"Only streams of this runtime's providers can be published in a unit of work (got {stream.GetType().Name}).", nameof(stream));
        runtimeStream.Enlist(this, item);
        return this;
    }

    /// <summary>Whether it holds row changes: they need a transaction of their own after the state statement.</summary>
    internal bool HasSqlSteps => _steps.Count > 0;

    /// <summary>Whether only the PostgreSQL grain storage can commit it (row changes or PostgreSQL outbox events).</summary>
    internal bool NeedsPostgres => HasSqlSteps || _outboxes is not null;

    /// <summary>Adds an event for the PostgreSQL outbox of <paramref name="queue"/>.</summary>
    internal void AddToOutbox(PostgresStreamQueue queue, PendingEvent pendingEvent)
    {
        _outboxes ??= [];
        if (!_outboxes.TryGetValue(queue, out var events)) _outboxes[queue] = events = [];
        events.Add(pendingEvent);
    }

    /// <summary>Puts the outbox events into the state write, so they are inserted iff the version check passes.</summary>
    internal void AddOutboxesTo(StateWriteStatement statement)
    {
        if (_outboxes is null) return;
        foreach (var (queue, events) in _outboxes) queue.AddOutbox(statement, events);
    }

    /// <summary>Runs <paramref name="action"/> once the transaction committed (events of in-memory streams).</summary>
    internal void OnCommitted(Action action) => (_committed ??= []).Add(action);

    internal async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var step in _steps) await step(connection, transaction, cancellationToken);
    }

    /// <summary>Called by the storage after the commit.</summary>
    internal void Committed()
    {
        if (_committed is null) return;
        foreach (var action in _committed) action();
    }
}
