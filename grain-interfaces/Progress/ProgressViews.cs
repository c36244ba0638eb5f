using System.Collections.Immutable;

namespace Journal.GrainInterfaces.Progress;

/// <summary>
/// One change of the streak: <paramref name="Change"/> is the new current length minus the old one
/// (0 for freezes earned or used), <paramref name="Reason"/> says why in words.
/// </summary>
[GenerateSerializer, Immutable, Alias("journal.StreakHistoryItem")]
public sealed record StreakHistoryItem(DateOnly Date, int Change, string Reason);

/// <summary>The streak as the user sees it on a given day (rules: docs/STREAKS.md).</summary>
[GenerateSerializer, Immutable, Alias("journal.StreakView")]
public sealed record StreakView(
    int Current,
    int Longest,
    DateOnly? StartedOn,
    DateOnly? LastActiveDate,
    int FreezesAvailable,
    ImmutableList<StreakHistoryItem> History);

/// <summary>One plant; <paramref name="State"/> is "growing", "wilting" or "blooming" (rules: docs/GARDEN.md).</summary>
[GenerateSerializer, Immutable, Alias("journal.PlantView")]
public sealed record PlantView(string Id, string Species, string Stage, DateOnly PlantedOn, string State);

/// <summary>The garden as the user sees it on a given day.</summary>
[GenerateSerializer, Immutable, Alias("journal.GardenView")]
public sealed record GardenView(string Name, string Theme, int GrowthPoints, ImmutableList<PlantView> Plants);
