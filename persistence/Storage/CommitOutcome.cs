using Npgsql;

namespace Journal.Persistence.Storage;

/// <summary>The transaction a write runs in, read at its start so that a lost COMMIT answer can be resolved.</summary>
internal readonly record struct TransactionIdentity(string TransactionId, int BackendPid)
{
    /// <summary>The first command of a transaction whose outcome may need resolving.</summary>
    public const string Sql = "SELECT pg_current_xact_id()::text, pg_backend_pid()";

    public static TransactionIdentity Read(NpgsqlDataReader reader) => new(reader.GetString(0), reader.GetInt32(1));
}

/// <summary>
/// What became of a transaction whose COMMIT was sent but whose answer never arrived (the connection
/// broke, or the server or a proxy answered with an error): <c>pg_xact_status</c> knows. A transaction
/// still in progress belongs to a session that lost its client; it is ended first, so it can never
/// commit later, and then it reads as aborted.
/// </summary>
internal static class CommitOutcome
{
    private const int MaxPolls = 100;
    private static readonly TimeSpan PollDelay = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Commits <paramref name="transaction"/> (whatever the caller's cancellation: once sent, the COMMIT
    /// may happen). When it fails: returns if the transaction committed after all, rethrows the
    /// COMMIT's error if it aborted (nothing was written), and throws
    /// <see cref="CommitOutcomeUnknownException"/> when the server cannot be asked.
    /// </summary>
    public static async Task CommitAsync(NpgsqlDataSource dataSource, NpgsqlTransaction transaction, TransactionIdentity identity)
    {
        try
        {
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            switch (await ResolveAsync(dataSource, identity))
            {
                case true: return;
                case false: throw;
                default: throw new CommitOutcomeUnknownException(
                    $"The COMMIT of transaction {identity.TransactionId} failed and the server could not be asked whether it happened.", e);
            }
        }
    }

    /// <summary>True when it committed, false when it aborted, null when the server cannot be asked.</summary>
    public static async Task<bool?> ResolveAsync(NpgsqlDataSource dataSource, TransactionIdentity transaction)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            for (var poll = 0; poll < MaxPolls; poll++)
            {
                switch (await StatusAsync(connection, transaction))
                {
                    case "committed": return true;
                    case "aborted": return false;
                    case null: return null; // beyond the commit log's horizon: cannot happen to a transaction this recent
                }
                if (poll == 0) await TerminateAsync(connection, transaction);
                await Task.Delay(PollDelay);
            }
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return null;
        }
    }

    private static async Task<string?> StatusAsync(NpgsqlConnection connection, TransactionIdentity transaction)
    {
        await using var command = new NpgsqlCommand("SELECT pg_xact_status(@Xid::xid8)", connection);
        command.Parameters.AddWithValue("Xid", transaction.TransactionId);
        return await command.ExecuteScalarAsync() as string;
    }

    // Only the backend still running that very transaction: a reused process id is never hit.
    private static async Task TerminateAsync(NpgsqlConnection connection, TransactionIdentity transaction)
    {
        await using var command = new NpgsqlCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = @Pid AND backend_xid = xid(@Xid::xid8)", connection);
        command.Parameters.AddWithValue("Pid", transaction.BackendPid);
        command.Parameters.AddWithValue("Xid", transaction.TransactionId);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// The COMMIT of a state write was sent but whether it happened could not be found out (the server
/// stayed unreachable). The activation is deactivated; the next one reads what storage holds.
/// </summary>
[GenerateSerializer, Alias("journal.commit-outcome-unknown")]
public sealed class CommitOutcomeUnknownException : Exception
{
    public CommitOutcomeUnknownException(string message, Exception inner) : base(message, inner)
    {
    }
}
