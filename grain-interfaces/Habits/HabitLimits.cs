namespace Journal.GrainInterfaces.Habits;

/// <summary>The sizes and ranges of a habit (PRODUCT.md §5), for the API's checks and the OpenAPI document.</summary>
public static class HabitLimits
{
    public const int MaxNameLength = 80;
    public const int MaxMetaLength = 2_000;
    public const int MaxTargetPerPeriod = 365;
}
