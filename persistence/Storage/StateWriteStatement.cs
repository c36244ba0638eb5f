using System.Text;
using Npgsql;

namespace Journal.Persistence.Storage;

/// <summary>
/// One grain state write as a single SQL statement: the version check and bump (a CTE <c>v</c> that
/// returns the new version, or no row on a conflict), plus the outbox inserts of its unit of work,
/// which read <c>v</c> and so happen only if the check passed, and what to do once it committed (wake
/// the outbox's agents). Being one statement, it commits on its own or inside a batch of other grains'
/// writes; sent with row changes, it raises on a conflict instead, so that they do not commit either.
/// </summary>
internal sealed class StateWriteStatement
{
    /// <summary>The SQLSTATE of the conflict error (migration 0019's <c>grain_state_version_conflict()</c>).</summary>
    public const string ConflictSqlState = "J0409";

    private readonly StringBuilder _ctes = new();
    private readonly List<Action> _committed = [];
    private readonly List<Func<NpgsqlParameter>> _parameters = [];
    private int _outboxes;

    /// <param name="row">The state row it writes (batches lock rows in this order).</param>
    /// <param name="versionSql">A statement returning one <c>version</c> column when the expected version holds.</param>
    public StateWriteStatement(string row, string versionSql)
    {
        Row = row;
        _ctes.Append("WITH v AS (").Append(versionSql).Append(')');
    }

    public string Row { get; }

    public StateWriteStatement Parameter<T>(string name, T value)
    {
        _parameters.Add(() => new NpgsqlParameter<T>(name, value));
        return this;
    }

    /// <summary>A prefix for the parameters of the next outbox, unique in this statement.</summary>
    public string NextOutboxPrefix() => $"o{_outboxes++}_";

    /// <summary>Adds a data-modifying CTE; it must read <c>v</c> so that it acts only when the version check passed.</summary>
    public void AddCte(string name, string sql) => _ctes.Append(", ").Append(name).Append(" AS (").Append(sql).Append(')');

    /// <summary>Adds what to do once the statement committed (the writer calls <see cref="Committed"/>).</summary>
    public void OnCommitted(Action action) => _committed.Add(action);

    /// <summary>Runs what waits for the commit.</summary>
    public void Committed()
    {
        foreach (var action in _committed) action();
    }

    public string Sql => $"{_ctes} SELECT v.version FROM v";

    // One row whatever happened; the version, or the conflict error when the check found none.
    private string RaisingSql => $"{_ctes} SELECT coalesce(v.version, grain_state_version_conflict()) FROM (SELECT) AS one LEFT JOIN v ON true";

    /// <param name="raiseOnConflict">Fail with <see cref="ConflictSqlState"/> on a conflict, rather than return no row.</param>
    public NpgsqlBatchCommand ToBatchCommand(bool raiseOnConflict = false)
    {
        var command = new NpgsqlBatchCommand(raiseOnConflict ? RaisingSql : Sql);
        Bind(command.Parameters);
        return command;
    }

    /// <summary>Runs it alone, in autocommit: the new version, or null when the expected version did not hold.</summary>
    public async Task<long?> ExecuteAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Sql, connection);
        Bind(command.Parameters);
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? version : null;
    }

    // New parameter objects each time: a parameter belongs to one command.
    private void Bind(NpgsqlParameterCollection parameters)
    {
        foreach (var parameter in _parameters) parameters.Add(parameter());
    }
}
