using System.Text.Json.Serialization;
using Orleans.Concurrency;

namespace Journal.GrainInterfaces.Progress;

/// <summary>
/// A user's streak and garden (key = user id), fed by the user's activity stream and kept in grain
/// state; reads are answered from memory. The writers also hand each event over directly once it
/// committed, so a client reads its own writes at once; the stream remains the durable feed.
/// </summary>
[Alias("journal.IProgressGrain")]
public interface IProgressGrain : IGrainWithGuidKey
{
    /// <summary>Applies <paramref name="activity"/> if it is the next one of its source; later ones wait for the stream.</summary>
    [Alias("ApplyAsync")]
    Task ApplyAsync(ActivityEvent activity);

    [ReadOnly]
    [Alias("GetSummaryAsync")]
    Task<ProgressSummary> GetSummaryAsync(DateOnly today);

    [ReadOnly]
    [Alias("GetStreakAsync")]
    Task<StreakView> GetStreakAsync(DateOnly today);

    [ReadOnly]
    [Alias("GetGardenAsync")]
    Task<GardenView> GetGardenAsync(DateOnly today);

    [Alias("UpdateGardenAsync")]
    Task<GardenView> UpdateGardenAsync(string? name, string? theme, DateOnly today);

    /// <summary>Forgets everything (account deletion).</summary>
    [Alias("EraseAsync")]
    Task EraseAsync();
}

/// <summary>Today's tallies; "checkins" is the contract's spelling (PRODUCT.md §4).</summary>
[GenerateSerializer, Immutable, Alias("journal.TodayCounts")]
public sealed record TodayCounts(DateOnly Date, int Entries, [property: JsonPropertyName("checkins")] int CheckIns);

[GenerateSerializer, Immutable, Alias("journal.ProgressSummary")]
public sealed record ProgressSummary(StreakView Streak, GardenView Garden, TodayCounts Today);
