using Journal.GrainInterfaces.Progress;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Journal.Grains.Progress;

/// <summary>How the journal, mood and account grains feed a user's progress and insights.</summary>
internal static class ActivityStream
{
    public static IAsyncStream<ActivityEvent> For(IStreamProvider streams, Guid userId) =>
        streams.GetStream<ActivityEvent>(StreamId.Create(ActivityEvent.StreamNamespace, userId.ToString("N")));

    /// <summary>
    /// Hands a committed event straight to the progress grain, so the writer's next read already
    /// shows it. Best effort: the event is durable in the stream, which delivers it if this fails.
    /// </summary>
    public static async Task HandOverAsync(IGrainFactory grains, Guid userId, ActivityEvent activity, ILogger logger)
    {
        try
        {
            await grains.GetGrain<IProgressGrain>(userId).ApplyAsync(activity);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Progress of {UserId} will get {Source} event {Sequence} from the stream instead", userId, activity.Source, activity.Sequence);
        }
    }
}
