namespace Journal.GrainInterfaces.Mood;

/// <summary>The sizes and ranges of check-ins and AI-usage records (PRODUCT.md §3), for the API's checks and the OpenAPI document.</summary>
public static class MoodLimits
{
    public const int MinAnxietyLevel = 1;
    public const int MaxAnxietyLevel = 10;
    public const int MaxNotesLength = 5_000;
    public const int MaxTriggers = 20;
    public const int MaxTriggerLength = 50;
    public const int MaxToolNameLength = 100;
    public const int MaxDurationMinutes = 1_440;
}
