using Npgsql;

namespace Journal.Runtime;

/// <summary>
/// Failures that say nothing about the event being delivered: the consumer's grain could not be
/// reached in time, storage was unreachable or contended, its state was stale, the runtime is
/// stopping. Dead-lettering such an event would let the stream run ahead of an effect that only had
/// to wait, so deliveries retry them until they pass.
/// </summary>
internal static class TransientFailure
{
    public static bool Is(Exception error) => error switch
    {
        TimeoutException or RuntimeStoppingException or InconsistentStateException or CommitOutcomeUnknownException => true,
        PostgresException server => IsTransientServerError(server.SqlState),
        NpgsqlException => true, // not an answer from the server: the connection or the pool failed
        _ => error.InnerException is { } inner && Is(inner),
    };

    // Serialization failures and deadlocks (40), connection errors (08), lack of resources (53),
    // an administrator or a restart ending the session (57P).
    private static bool IsTransientServerError(string sqlState) =>
        sqlState.StartsWith("40", StringComparison.Ordinal) || sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState.StartsWith("53", StringComparison.Ordinal) || sqlState.StartsWith("57P", StringComparison.Ordinal);
}
