using Journal.GrainInterfaces.Community;
using Journal.Persistence.Storage;
using Orleans.Streams;

namespace Journal.Grains.Community;

/// <summary>How the community grains feed the admin statistics: one stream, published in each write's unit of work.</summary>
internal static class CommunityStatsStream
{
    /// <summary>Adds <paramref name="activity"/> to the unit of work, so it is published iff the write commits.</summary>
    public static UnitOfWork PublishStats(this UnitOfWork changes, IStreamProvider streams, CommunityActivity activity) =>
        changes.Publish(streams.GetStream<CommunityActivity>(StreamId.Create(CommunityActivity.StreamNamespace, CommunityActivity.StreamKey)), activity);
}
