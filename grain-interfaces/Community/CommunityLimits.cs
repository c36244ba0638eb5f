namespace Journal.GrainInterfaces.Community;

/// <summary>The sizes and ranges of community content and moderation (PRODUCT.md §7–§8), for the API's checks and the OpenAPI document.</summary>
public static class CommunityLimits
{
    public const int MaxTitleLength = 200;
    public const int MaxPostLength = 10_000;
    public const int MaxCommentLength = 5_000;
    public const int MaxReportDetailsLength = 1_000;
    public const int MaxAppealLength = 2_000;
    public const int MaxNotesLength = 1_000;
    public const int MaxSuspendDays = 365;
    public const int MaxCategoryNameLength = 80;
    public const int MaxCategoryDescriptionLength = 500;
    public const int MaxCategoryOrder = 10_000;
    public const int MaxPseudonymLength = 40;
}
