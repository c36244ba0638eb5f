namespace Journal.GrainInterfaces.Journal;

/// <summary>
/// The sizes of an entry's fields (PRODUCT.md §2, §9): the API refuses larger values, so an entry
/// holds no more, and the OpenAPI document states them for requests and answers alike.
/// </summary>
public static class JournalLimits
{
    public const int MaxTitleLength = 200;
    public const int MaxContentLength = 20_000;
    public const int MaxLocationLength = 200;
    public const int MaxWeatherLength = 100;
    public const int MaxTags = 20;
    public const int MaxTagLength = 50;
    public const int MaxQueryLength = 200;
}
