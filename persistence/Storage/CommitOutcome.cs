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
/// What became of a transaction whose answer never arrived (the connection broke): <c>pg_xact_status</c>
/// knows. A transaction still in progress belongs to a session that lost its client; it is ended
/// first, so it can never commit later, and then it reads as aborted.
/// </summary>
internal static class CommitOutcome
{
    private const int MaxPolls = 100;
    private static readonly TimeSpan PollDelay = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Runs <paramref name="batch"/> (its connection open, no transaction begun) as one implicit
    /// transaction, which PostgreSQL commits when the batch ends: a whole write in one round trip. The
    /// transaction's identity is read first; <paramref name="read"/> then reads the results of the
    /// batch's own commands. Once sent, the batch may commit, so no cancellation reaches it. A server
    /// error (<see cref="ServerRefused"/>) means nothing was written and is thrown as it is. When the
    /// answer is lost after the identity arrived, the server is asked: the results if it committed and
    /// they were read, the failure if it aborted, else <see cref="CommitOutcomeUnknownException"/>.
    /// </summary>
    public static async Task<T> CommitAsync<T>(NpgsqlDataSource dataSource, NpgsqlBatch batch, Func<NpgsqlDataReader, Task<T>> read)
    {
        batch.BatchCommands.Insert(0, new NpgsqlBatchCommand(TransactionIdentity.Sql));
        TransactionIdentity? identity = null;
        var results = default(T);
        var resultsRead = false;
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(CancellationToken.None);
            await reader.ReadAsync();
            identity = TransactionIdentity.Read(reader);
            await reader.NextResultAsync();
            results = await read(reader);
            resultsRead = true;
            // Up to the end of the batch: a failure of a later command or of the COMMIT throws here.
            while (await reader.NextResultAsync()) { }
            return results;
        }
        catch (Exception e) when (!ServerRefused(e) && identity is { } sent)
        {
            switch (await ResolveAsync(dataSource, sent))
            {
                case true when resultsRead: return results!;
                case false: throw;
                default: throw new CommitOutcomeUnknownException(
                    $"The answer to transaction {sent.TransactionId} was lost and whether it committed, with what results, could not be found out.", e);
            }
        }
    }

    /// <summary>
    /// Whether the server refused the batch, which then wrote nothing: a server error aborts the
    /// transaction, unless it is a connection error (class 08) a proxy reports, whose batch may have committed.
    /// </summary>
    public static bool ServerRefused(Exception e) => e is PostgresException server && !server.SqlState.StartsWith("08", StringComparison.Ordinal);

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
