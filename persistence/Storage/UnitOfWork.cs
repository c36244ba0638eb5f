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
    private readonly List<(string Sql, object? Parameters)> _steps = [];
    private readonly List<OutboxEvent> _events = [];

    /// <summary>
    /// Adds one SQL statement; <paramref name="parameters"/>' public properties are its named parameters,
    /// as with Dapper (<see cref="StepParameters"/>). Steps run after the state's version check, in one
    /// round trip with it: a step that must not run when an earlier one changed nothing belongs in that
    /// statement's WHERE, not in grain code between them.
    /// </summary>
    public UnitOfWork Execute(string sql, object? parameters = null)
    {
        _steps.Add((sql, parameters));
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

    /// <summary>Whether it holds row changes: they go after the state statement, which then raises on a conflict.</summary>
    internal bool HasSqlSteps => _steps.Count > 0;

    /// <summary>The events to insert with the state write, in publishing order.</summary>
    internal IReadOnlyList<OutboxEvent> Events => _events;

    /// <summary>Adds the row changes to <paramref name="batch"/>, in the order they were added.</summary>
    internal void AddTo(NpgsqlBatch batch)
    {
        foreach (var (sql, parameters) in _steps) batch.BatchCommands.Add(StepParameters.ToBatchCommand(sql, parameters));
    }
}

/// <summary>An event waiting in a unit of work: its provider, stream, type name and JSON payload.</summary>
internal sealed record OutboxEvent(string Provider, StreamId Stream, string EventType, string Payload);
