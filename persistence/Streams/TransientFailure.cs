using Journal.Persistence.Storage;
using Npgsql;
using Orleans.Storage;

namespace Journal.Persistence.Streams;

/// <summary>
/// Failures that say nothing about the event being delivered: a grain did not answer in time (the
/// consumer, or a grain it called, was busy; Orleans reports it as a <see cref="TimeoutException"/>),
/// a silo was unreachable or stopping, the consumer's state was stale, PostgreSQL was unreachable or
/// contended (Npgsql's own judgement: <see cref="NpgsqlException.IsTransient"/>), or a commit's outcome
/// could not be learnt. Dead-lettering such an event would let the stream run ahead of an effect that
/// only had to wait, so deliveries retry them until they pass. Anything else counts as the event's own
/// failure.
/// </summary>
public static class TransientFailure
{
    public static bool Is(Exception error) => error switch
    {
        TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or InconsistentStateException
            or CommitOutcomeUnknownException => true,
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };
}
