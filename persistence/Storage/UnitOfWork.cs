using Dapper;
using Npgsql;
using Orleans.Streams;

namespace Journal.Persistence.Storage;

/// <summary>
/// The changes a grain makes to its own tables and the events it publishes, committed by
/// <see cref="IUnitOfWorkState{TState}.WriteStateAsync(UnitOfWork)"/> in the same transaction as its
/// state version check and bump (the transactional outbox). Grains describe their changes here and
/// never open transactions themselves. Steps run in the order they were added.
/// </summary>
public sealed class UnitOfWork
{
    private readonly List<Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task>> _steps = [];
    private readonly List<OutboxEvent> _events = [];

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

    /// <summary>
    /// Publishes <paramref name="item"/> on <paramref name="stream"/> if, and only if, this unit of
    /// work commits. The stream must belong to an outbox stream provider (<c>AddOutboxStreams</c>).
    /// </summary>
    public UnitOfWork Publish<T>(IAsyncStream<T> stream, T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _events.Add(new OutboxEvent(stream.ProviderName, stream.StreamId, item.GetType().Name, GrainStateJson.Serialize(item)));
        return this;
    }

    /// <summary>Whether it holds row changes: they need a transaction of their own after the state statement.</summary>
    internal bool HasSqlSteps => _steps.Count > 0;

    /// <summary>The events to insert with the state write, in publishing order.</summary>
    internal IReadOnlyList<OutboxEvent> Events => _events;

    internal async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var step in _steps) await step(connection, transaction, cancellationToken);
    }
}

/// <summary>An event waiting in a unit of work: its provider, stream, type name and JSON payload.</summary>
internal sealed record OutboxEvent(string Provider, StreamId Stream, string EventType, string Payload);
