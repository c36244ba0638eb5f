using Npgsql;

namespace Journal.Runtime;

/// <summary>
/// Failures that say nothing about the event being delivered: a grain did not answer within the
/// response timeout (the consumer, or a grain it called, was busy), its state was stale, the runtime
/// is stopping, PostgreSQL was unreachable or contended (Npgsql's own judgement:
/// <see cref="NpgsqlException.IsTransient"/>), or a commit's outcome could not be learnt.
/// Dead-lettering such an event would let the stream run ahead of an effect that only had to wait,
/// so deliveries retry them until they pass. Anything else — including timeouts of other kinds, such
/// as an HTTP call — counts as the event's own failure.
/// </summary>
internal static class TransientFailure
{
    public static bool Is(Exception error) => error switch
    {
        ResponseTimeoutException or RuntimeStoppingException or InconsistentStateException or CommitOutcomeUnknownException => true,
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };
}
