namespace Journal.Runtime;

/// <summary>Checks shared by the options validators; each error names the configuration key.</summary>
internal static class OptionRules
{
    // Infinite is allowed where a duration may be "never" (collection ages).
    public static void RequirePositive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            errors.Add($"{key} must be a positive duration such as 00:00:30 (was {value}).");
    }

    public static void RequireAtLeast(List<string> errors, string key, int value, int minimum)
    {
        if (value < minimum) errors.Add($"{key} must be at least {minimum} (was {value}).");
    }
}
