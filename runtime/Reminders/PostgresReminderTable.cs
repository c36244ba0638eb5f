using Dapper;
using Npgsql;

namespace Journal.Runtime;

/// <summary>Reminders in PostgreSQL's <c>grain_reminders</c> table: they survive restarts.</summary>
internal sealed class PostgresReminderTable(NpgsqlDataSource dataSource) : IReminderTable
{
    private const string Columns =
        """
        grain_type AS Type, grain_key AS Key, name AS Name, first_due AS FirstDue, due_at AS DueAt, fire_at AS FireAt,
        period_ms AS PeriodMs, version AS Version, failures AS Failures
        """;

    private const string SameVersion = "grain_type = @Type AND grain_key = @Key AND name = @Name AND version = @Version";

    public async Task<ReminderEntry> UpsertAsync(GrainId grain, string name, DateTimeOffset dueAt, TimeSpan? period, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(
            $"""
            INSERT INTO grain_reminders (grain_type, grain_key, name, first_due, due_at, fire_at, period_ms)
            VALUES (@Type, @Key, @Name, @DueAt, @DueAt, @DueAt, @PeriodMs)
            ON CONFLICT (grain_type, grain_key, name) DO UPDATE
            SET first_due = excluded.first_due, due_at = excluded.due_at, fire_at = excluded.fire_at, period_ms = excluded.period_ms,
                version = nextval('grain_reminder_versions'), failures = 0
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
            $"SELECT {Columns} FROM grain_reminders WHERE fire_at <= @Now ORDER BY fire_at LIMIT @Limit",
            new { Now = now.UtcDateTime, Limit = limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToEntry()).ToList();
    }

    public async Task<DateTimeOffset?> GetNextDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var next = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            "SELECT min(fire_at) FROM grain_reminders WHERE fire_at > @Now", new { Now = now.UtcDateTime }, cancellationToken: cancellationToken));
        return next is { } value ? Utc(value) : null;
    }

    public async Task<bool> TryClaimAsync(ReminderEntry entry, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE grain_reminders SET fire_at = @Lease WHERE {SameVersion} AND fire_at = @FireAt",
            new { entry.Grain.Type, entry.Grain.Key, entry.Name, entry.Version, FireAt = entry.FireAt.UtcDateTime, Lease = leaseUntil.UtcDateTime },
            cancellationToken: cancellationToken)) == 1;
    }

    public async Task UpdateAsync(ReminderEntry entry, DateTimeOffset dueAt, DateTimeOffset fireAt, int failures, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE grain_reminders SET due_at = @DueAt, fire_at = @FireAt, failures = @Failures WHERE {SameVersion}",
            new { entry.Grain.Type, entry.Grain.Key, entry.Name, entry.Version, DueAt = dueAt.UtcDateTime, FireAt = fireAt.UtcDateTime, Failures = failures },
            cancellationToken: cancellationToken));
    }

    public async Task DeleteAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM grain_reminders WHERE {SameVersion}",
            new { entry.Grain.Type, entry.Grain.Key, entry.Name, entry.Version }, cancellationToken: cancellationToken));
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed record Row(string Type, string Key, string Name, DateTime FirstDue, DateTime DueAt, DateTime FireAt, long? PeriodMs, long Version,
        int Failures)
    {
        public ReminderEntry ToEntry() => new(new GrainId(Type, Key), Name, Utc(FirstDue), Utc(DueAt), Utc(FireAt),
            PeriodMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, Version, Failures);
    }
}
