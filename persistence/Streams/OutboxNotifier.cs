using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Journal.Persistence.Streams;

/// <summary>
/// Tells the pulling agents of every silo that a partition has new events, after the transaction that
/// appended them committed: one NOTIFY for all the partitions named since the last one, at most one per
/// <paramref name="spacing"/>. It is not sent inside the appending transaction because PostgreSQL
/// serializes the commits of every transaction that notifies, WAL flush included, so writers could not
/// share a flush (group commit): a NOTIFY in each halved pgbench's one-row INSERT rate here
/// (docs/PERFORMANCE.md). The notification's own commit does not wait for its flush: a notification
/// lost in a crash only leaves the agents to their poll.
/// </summary>
public sealed class OutboxNotifier(string provider, int partitions, TimeSpan spacing, NpgsqlDataSource dataSource, ILogger<OutboxNotifier> logger)
{
    private const string NotifySql =
        "SELECT set_config('synchronous_commit', 'off', true), (SELECT count(pg_notify(@Channel, p::text)) FROM unnest(@Partitions) AS p)";

    private readonly int[] _due = new int[partitions];
    private int _sending;

    /// <summary>The LISTEN/NOTIFY channel of the provider's appends.</summary>
    public string Channel { get; } = ChannelName(provider);

    /// <summary>Marks <paramref name="partition"/> for the next notification; sends it now if none is under way.</summary>
    public void Notify(int partition)
    {
        Volatile.Write(ref _due[partition], 1);
        if (Interlocked.CompareExchange(ref _sending, 1, 0) == 0) _ = Task.Run(SendAsync);
    }

    private async Task SendAsync()
    {
        while (true)
        {
            var due = TakeDue();
            if (due.Length == 0)
            {
                Volatile.Write(ref _sending, 0);
                // A partition marked after TakeDue found this sender still running and left it to send.
                if (!_due.Contains(1) || Interlocked.CompareExchange(ref _sending, 1, 0) != 0) return;
                continue;
            }
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await connection.ExecuteAsync(NotifySql, new { Channel, Partitions = due });
            }
            catch (ObjectDisposedException)
            {
                // The silo stopped: no agent of it waits any more.
                Volatile.Write(ref _sending, 0);
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Notifying {Channel} of new events in partitions {Partitions} failed; their agents read them at their next poll", Channel, due);
            }
            // Agents look for a notification only every WakeCheckPeriod: sending more often would wake no one sooner.
            await Task.Delay(spacing);
        }
    }

    private int[] TakeDue()
    {
        var due = new List<int>();
        for (var p = 0; p < _due.Length; p++)
            if (Interlocked.Exchange(ref _due[p], 0) == 1) due.Add(p);
        return due.ToArray();
    }

    // LISTEN takes an identifier (at most 63 bytes; quoted, so case is kept); pg_notify takes the same name as text.
    private static string ChannelName(string provider)
    {
        var channel = "journal_streams_" + new string(provider.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_').ToArray());
        if (channel.Length > 63)
            throw new ArgumentException($"Stream provider name '{provider}' is too long for a PostgreSQL notification channel; use at most {63 - 16} characters.", nameof(provider));
        return channel;
    }
}
