using System.Collections.Immutable;
using Journal.GrainInterfaces.Community;
using Journal.Persistence.Storage;
using Journal.Persistence.Streams;
using Orleans.Streams;

namespace Journal.Grains.Community;

/// <summary>
/// The community's figures per UTC day, fed by the post, thread, member and queue grains through the
/// <c>community-stats</c> stream (outbox, at least once): the stream checkpoint, written with the sums,
/// makes each event count once. Holds counts and durations only, never a user id.
/// </summary>
[ImplicitStreamSubscription(CommunityActivity.StreamNamespace)]
[GrainType(GrainTypes.CommunityStats)]
public sealed class CommunityStatsGrain([UnitOfWorkState("community-stats")] IUnitOfWorkState<CommunityStatsState> state)
    : StreamConsumerGrain<CommunityActivity>, ICommunityStatsGrain
{
    protected override async Task ApplyAsync(StreamId stream, IReadOnlyList<SequentialItem<CommunityActivity>> items)
    {
        var fresh = state.State.Checkpoints.Unapplied(stream, items).ToList();
        if (fresh.Count == 0) return;
        foreach (var item in fresh) state.State.Apply(item.Item);
        state.State.Prune();
        state.State.Checkpoints.Record(stream, fresh);
        await state.WriteStateAsync();
    }

    public Task<CommunityStats> GetStatsAsync(DateOnly today, int days)
    {
        var resolutions = state.State.ResolutionsEnding(today);
        return Task.FromResult(new CommunityStats(today, state.State.ReportsFiled - state.State.ReportsResolved, CommunityStatsState.MedianSeconds(resolutions),
            resolutions.Count, [.. Enumerable.Range(0, days).Select(i => state.State.On(today.AddDays(-i)))]));
    }
}
