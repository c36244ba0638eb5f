namespace Journal.GrainInterfaces.Reminders;

/// <summary>The sizes and ranges of a reminder (PRODUCT.md §5), for the API's checks and the OpenAPI document.</summary>
public static class ReminderLimits
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 2_000;
    public const int MinPriority = 1;
    public const int MaxPriority = 5;
}
