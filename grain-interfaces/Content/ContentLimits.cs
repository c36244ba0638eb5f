namespace Journal.GrainInterfaces.Content;

/// <summary>The sizes and ranges of the content library's items and categories (PRODUCT.md §6), for the API's checks and the OpenAPI document.</summary>
public static class ContentLimits
{
    public const int MaxTitleLength = 255;
    public const int MaxSummaryLength = 1_000;
    public const int MaxBodyLength = 50_000;
    public const int MaxUrlLength = 512;
    public const int MaxRegionLength = 50;
    public const int MaxPhoneLength = 30;
    public const int MaxSlugLength = 100;
    public const int MinOrder = -1_000_000;
    public const int MaxOrder = 1_000_000;
}
