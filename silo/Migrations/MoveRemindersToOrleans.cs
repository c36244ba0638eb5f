using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Journal.Silo.Migrations;

/// <summary>
/// Migration 13: reminders registered under the home-made runtime move into Orleans' reminder table,
/// each under its grain id and the ring hash Orleans computes for it (which SQL cannot), so the silo
/// owning that part of the ring fires it. A one-shot reminder becomes a reminder repeating every
/// <see cref="ReminderOptions.MinimumReminderPeriod"/> until its grain removes it, as
/// <c>GrainReminders.RegisterOnceReminder</c> registers them.
/// </summary>
public sealed class MoveRemindersToOrleans(IOptions<ClusterOptions> cluster, IOptions<ReminderOptions> reminderOptions) : ICodeMigration
{
    public int Version => 13;

    public string Name => "move_reminders_to_orleans";

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var reminders = await connection.QueryAsync<(string GrainType, string GrainKey, string Name, DateTime DueAt, long? PeriodMs)>(new CommandDefinition(
            "SELECT grain_type, grain_key, name, due_at, period_ms FROM grain_reminders", transaction: transaction, cancellationToken: cancellationToken));
        foreach (var reminder in reminders)
        {
            var grain = GrainId.Create(reminder.GrainType, reminder.GrainKey);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, start_at, period_ms, grain_hash)
                VALUES (@ServiceId, @GrainId, @Name, @DueAt, @PeriodMs, @GrainHash)
                ON CONFLICT (service_id, grain_id, reminder_name) DO NOTHING
                """,
                new
                {
                    cluster.Value.ServiceId, GrainId = grain.ToString(), reminder.Name, reminder.DueAt,
                    PeriodMs = reminder.PeriodMs ?? (long)reminderOptions.Value.MinimumReminderPeriod.TotalMilliseconds, GrainHash = unchecked((int)grain.GetUniformHashCode()),
                },
                transaction, cancellationToken: cancellationToken));
        }
    }
}
