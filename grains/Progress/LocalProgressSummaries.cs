using System.Collections.Concurrent;
using Journal.GrainInterfaces.Progress;

namespace Journal.Grains.Progress;

/// <summary>
/// The summaries this silo's progress activations hand out, for the API in the same process to read
/// without a grain call (the call was about a quarter of a summary read's CPU, docs/PERFORMANCE.md).
/// Only the activation writes its user's entry, in its own turns: it keeps the summary it built and
/// drops it before any change to its state, and when it deactivates. A writer's hand-over is applied
/// before the write returns, so a read after a write's answer finds no entry, or the new one: reads see
/// their writes as through the grain. A user whose activation lives on another silo has no entry here,
/// and the API calls the grain. At most one entry per active progress grain: the only copy it keeps.
/// </summary>
public sealed class LocalProgressSummaries
{
    private readonly ConcurrentDictionary<Guid, ProgressSummary> _summaries = new();

    /// <summary>The user's summary for <paramref name="today"/>, if their activation on this silo has it.</summary>
    public ProgressSummary? Find(Guid userId, DateOnly today) =>
        _summaries.TryGetValue(userId, out var summary) && summary.Today.Date == today ? summary : null;

    internal void Keep(Guid userId, ProgressSummary summary) => _summaries[userId] = summary;

    internal void Drop(Guid userId) => _summaries.TryRemove(userId, out _);
}
