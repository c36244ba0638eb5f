using Dapper;
using Npgsql;

namespace Journal.Runtime;

/// <summary>Reminders in PostgreSQL's <c>grain_reminders</c> table: they survive restarts.</summary>
internal sealed class PostgresReminderTable(NpgsqlDataSource dataSource) : IReminderTable
{
    private const string Columns =
        "grain_type AS Type, grain_key AS Key, name AS Name, first_due AS FirstDue, due_at AS DueAt, period_ms AS PeriodMs, version AS Version, failures AS Failures";

    public async Task<ReminderEntry> UpsertAsync(GrainId grain, string name, DateTimeOffset dueAt, TimeSpan? period, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(
            $"""
            INSERT INTO grain_reminders (grain_type, grain_key, name, first_due, due_at, period_ms, version)
            VALUES (@Type, @Key, @Name, @DueAt, @DueAt, @PeriodMs, 1)
            ON CONFLICT (grain_type, grain_key, name) DO UPDATE
            SET first_due = excluded.first_due, due_at = excluded.due_at, period_ms = excluded.period_ms,
                version = grain_reminders.version + 1, failures = 0
            RETURNING {Columns}
            """,
            new { grain.Type, grain.Key, Name = name, DueAt = dueAt.UtcDateTime, PeriodMs = (long?)period?.TotalMilliseconds },
            cancellationToken: cancellationToken));
        return row.ToEntry();
    }

    public async Task<bool> RemoveAsync(GrainId grain, string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM grain_reminders WHERE grain_type = @Type AND grain_key = @Key AND name = @Name",
            new { grain.Type, grain.Key, Name = name }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<IReadOnlyList<ReminderEntry>> GetAsync(GrainId grain, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM grain_reminders WHERE grain_type = @Type AND grain_key = @Key ORDER BY name",
            new { grain.Type, grain.Key }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToEntry()).ToList();
    }

    public async Task<IReadOnlyList<ReminderEntry>> GetDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM grain_reminders WHERE due_at <= @Now ORDER BY due_at LIMIT @Limit",
            new { Now = now.UtcDateTime, Limit = limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToEntry()).ToList();
    }

    public async Task<DateTimeOffset?> GetNextDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var next = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            "SELECT min(due_at) FROM grain_reminders WHERE due_at > @Now", new { Now = now.UtcDateTime }, cancellationToken: cancellationToken));
        return next is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
    }

    public async Task CompleteTickAsync(ReminderEntry entry, DateTimeOffset? nextDue, int failures, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new { entry.Grain.Type, entry.Grain.Key, entry.Name, entry.Version, NextDue = nextDue?.UtcDateTime, Failures = failures };
        await connection.ExecuteAsync(new CommandDefinition(
            nextDue is null
                ? "DELETE FROM grain_reminders WHERE grain_type = @Type AND grain_key = @Key AND name = @Name AND version = @Version"
                : """
                  UPDATE grain_reminders SET due_at = @NextDue, failures = @Failures
                  WHERE grain_type = @Type AND grain_key = @Key AND name = @Name AND version = @Version
                  """,
            parameters, cancellationToken: cancellationToken));
    }

    private sealed record Row(string Type, string Key, string Name, DateTime FirstDue, DateTime DueAt, long? PeriodMs, long Version, int Failures)
    {
        public ReminderEntry ToEntry() => new(new GrainId(Type, Key), Name, Utc(FirstDue), Utc(DueAt),
            PeriodMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, Version, Failures);

        private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    }
}
