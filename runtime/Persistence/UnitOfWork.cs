using Dapper;
using Npgsql;

namespace Journal.Runtime;

/// <summary>
/// The changes a grain makes to its own tables, committed by
/// <see cref="IPersistentState{TState}.WriteStateAsync(UnitOfWork, CancellationToken)"/> in the same
/// transaction as its state version check and bump. Grains describe their changes here and never
/// open transactions themselves. Steps run in the order they were added.
/// </summary>
public sealed class UnitOfWork
{
    private readonly List<Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task>> _steps = [];

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

    public bool IsEmpty => _steps.Count == 0;

    internal async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var step in _steps) await step(connection, transaction, cancellationToken);
    }
}
