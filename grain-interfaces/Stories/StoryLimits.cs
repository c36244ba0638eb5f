using System.Collections.Immutable;

namespace Journal.GrainInterfaces.Stories;

/// <summary>The sizes of a story and its tags (PRODUCT.md §7, seed 004), for the API's checks and the OpenAPI document.</summary>
public static class StoryLimits
{
    /// <summary>Seed 004: a title of Twitter length.</summary>
    public const int MaxTitleLength = 140;

    public const int MaxContentLength = 10_000;

    public const int MaxTags = 5;
}

/// <summary>
/// The community's tag taxonomy (seed 004's shared vocabulary): stories are tagged from this list only, so
/// that listing by tag finds every story about a theme, never one spelled differently. A new tag is a release.
/// </summary>
public static class CommunityTags
{
    public static readonly ImmutableList<string> All =
    [
        "anxiety", "depression", "stress", "sleep", "grief", "loneliness", "relationships", "family", "work", "study",
        "self-care", "mindfulness", "meditation", "gratitude", "growth", "recovery", "hope", "motivation", "habits", "small-wins",
    ];
}
