using Journal.GrainInterfaces.Accounts;
using Journal.GrainInterfaces.Progress;
using Journal.Persistence.Storage;
using Journal.Persistence.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Journal.Grains.Activity;

/// <summary>
/// How a grain that records what the user did (journal, mood, habits, account) tells the user's
/// progress and insights. Each event carries its source's next sequence number (kept in the writer's
/// state, so it is written with the event), goes into the unit of work of the write that caused it
/// (the outbox: it exists iff the write commits), and once committed is handed straight to the
/// progress grain, so the writer's next read already shows it. Progress and insights only consume:
/// they apply a source's events in sequence order, whichever path brings them first.
/// </summary>
internal sealed class ActivityLog<TState>(Grain writer, string source, IUnitOfWorkState<TState> state, ILogger logger) where TState : IActivitySequence
{
    private Guid UserId => writer.GetPrimaryKey();

    /// <summary>The source's next event (not counted until <see cref="Publish"/>).</summary>
    public ActivityEvent Next(ActivityEventKind kind, Guid subjectId, DateOnly day, DateTimeOffset at, UserClock clock, int words = 0) =>
        new(source, state.State.EventSequence + 1, kind, subjectId, day, at, clock.TimeZone, clock.DayStartHour, words);

    /// <summary>Adds <paramref name="activity"/> to the write that causes it and counts it.</summary>
    public UnitOfWork Publish(UnitOfWork changes, ActivityEvent activity)
    {
        state.State.EventSequence = activity.Sequence;
        return changes.Publish(StreamOf(writer, UserId), activity);
    }

    /// <summary>
    /// After the commit: hands the event to the progress grain. Best effort: the event is durable in
    /// the stream, which delivers it if this fails.
    /// </summary>
    public async Task HandOverAsync(ActivityEvent activity)
    {
        try
        {
            await writer.GrainContext.ActivationServices.GetRequiredService<IGrainFactory>().GetGrain<IProgressGrain>(UserId).ApplyAsync(activity);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Progress of {UserId} will get {Source} event {Sequence} from the stream instead", UserId, activity.Source, activity.Sequence);
        }
    }

    /// <summary>The user's activity stream (<c>activity/{userId:N}</c>).</summary>
    public static IAsyncStream<ActivityEvent> StreamOf(Grain grain, Guid userId) =>
        grain.GetStreamProvider(OutboxStreams.Default).GetStream<ActivityEvent>(StreamId.Create(ActivityEvent.StreamNamespace, userId));
}
