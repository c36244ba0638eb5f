using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Journal.Persistence.Storage;

/// <summary>
/// One grain state write as a single SQL statement: the version check and bump (a CTE <c>v</c> that
/// returns the new version, or no row on a conflict), plus the outbox inserts of its unit of work,
/// which read <c>v</c> and so happen only if the check passed, and what to do once it committed (wake
/// the outbox's agents). Being one statement, it commits on its own or inside a batch of other grains'
/// writes; sent with row changes, it raises on a conflict instead, so that they do not commit either.
/// Its parameters are positional (<c>$1</c>, <c>$2</c>, … in the order they are bound), and its text is
/// composed once per shape (version statement and CTEs), so a write neither builds SQL nor has Npgsql
/// parse it.
/// </summary>
internal sealed partial class StateWriteStatement
{
    /// <summary>The SQLSTATE of the conflict error (migration 0019's <c>grain_state_version_conflict()</c>).</summary>
    public const string ConflictSqlState = "J0409";

    private static readonly ConcurrentDictionary<string, Shape> s_shapes = new(StringComparer.Ordinal);

    private readonly List<Action> _committed = [];
    private readonly List<Func<NpgsqlParameter>> _parameters = [];
    private Shape _shape;

    /// <param name="row">The state row it writes (batches lock rows in this order).</param>
    /// <param name="versionSql">
    /// A statement returning one <c>version</c> column when the expected version holds; its parameters
    /// <c>$1</c>, <c>$2</c>, … are the first ones bound (<see cref="Parameter{T}"/>).
    /// </param>
    public StateWriteStatement(string row, string versionSql)
    {
        Row = row;
        _shape = s_shapes.GetOrAdd(versionSql, sql => new Shape($"WITH v AS ({sql})", count: 0));
    }

    public string Row { get; }

    /// <summary>Binds the next positional parameter.</summary>
    public StateWriteStatement Parameter<T>(T value)
    {
        _parameters.Add(() => new NpgsqlParameter<T> { TypedValue = value });
        return this;
    }

    /// <summary>
    /// Adds a data-modifying CTE; it must read <c>v</c> so that it acts only when the version check passed.
    /// Its own parameters, <c>$1</c>, <c>$2</c>, … in <paramref name="sql"/>, are the ones bound next.
    /// </summary>
    public StateWriteStatement AddCte(string sql)
    {
        _shape = _shape.With(sql, firstParameter: _parameters.Count + 1);
        return this;
    }

    /// <summary>Adds what to do once the statement committed (the writer calls <see cref="Committed"/>).</summary>
    public void OnCommitted(Action action) => _committed.Add(action);

    /// <summary>Runs what waits for the commit.</summary>
    public void Committed()
    {
        foreach (var action in _committed) action();
    }

    /// <param name="raiseOnConflict">Fail with <see cref="ConflictSqlState"/> on a conflict, rather than return no row.</param>
    public NpgsqlBatchCommand ToBatchCommand(bool raiseOnConflict = false)
    {
        var command = new NpgsqlBatchCommand(raiseOnConflict ? _shape.RaisingSql : _shape.Sql);
        Bind(command.Parameters);
        return command;
    }

    /// <summary>Runs it alone, in autocommit: the new version, or null when the expected version did not hold.</summary>
    public async Task<long?> ExecuteAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_shape.Sql, connection);
        Bind(command.Parameters);
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? version : null;
    }

    // New parameter objects each time: a parameter belongs to one command.
    private void Bind(NpgsqlParameterCollection parameters)
    {
        foreach (var parameter in _parameters) parameters.Add(parameter());
    }

    /// <summary>The text of one combination of version statement and CTEs, composed the first time it is written.</summary>
    private sealed partial class Shape(string ctes, int count)
    {
        private readonly ConcurrentDictionary<(string Sql, int FirstParameter), Shape> _next = new();

        public string Sql { get; } = $"{ctes} SELECT v.version FROM v";

        // One row whatever happened; the version, or the conflict error when the check found none.
        public string RaisingSql { get; } = $"{ctes} SELECT coalesce(v.version, grain_state_version_conflict()) FROM (SELECT) AS one LEFT JOIN v ON true";

        /// <summary>This shape with one more CTE, its parameters renumbered from <paramref name="firstParameter"/>.</summary>
        public Shape With(string sql, int firstParameter) => _next.GetOrAdd((sql, firstParameter), key =>
        {
            var renumbered = Placeholder().Replace(key.Sql, match =>
                "$" + (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + key.FirstParameter - 1).ToString(CultureInfo.InvariantCulture));
            return new Shape($"{ctes}, c{count} AS ({renumbered})", count + 1);
        });

        [GeneratedRegex(@"\$(\d+)")]
        private static partial Regex Placeholder();
    }
}
