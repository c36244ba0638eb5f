using System.Globalization;
using Journal.Api.Validation;
using Journal.GrainInterfaces;
using Journal.Grains.Storage;

namespace Journal.Api.Http;

/// <summary>
/// Parses query and body values that arrive as text, so a bad one becomes a field error (400) that
/// names it instead of a binding failure.
/// </summary>
public static class QueryValues
{
    public static DateOnly? Date(string field, string? value, Validator validator)
    {
        if (value is null) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        validator.Add(field, $"'{field}' must be a date (YYYY-MM-DD).");
        return null;
    }

    public static DateTimeOffset? Instant(string field, string? value, Validator validator)
    {
        if (value is null) return null;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)) return instant;
        validator.Add(field, $"'{field}' must be an ISO 8601 date and time.");
        return null;
    }

    public static bool? Boolean(string field, string? value, Validator validator)
    {
        if (value is null) return null;
        if (bool.TryParse(value, out var flag)) return flag;
        validator.Add(field, $"'{field}' must be true or false.");
        return null;
    }

    /// <summary>One of an enum's values as the API spells them (snake_case: <c>self_harm</c>).</summary>
    public static T? Choice<T>(string field, string? value, Validator validator) where T : struct, Enum
    {
        if (value is null) return null;
        foreach (var choice in Enum.GetValues<T>())
            if (string.Equals(EnumText<T>.ToText(choice), value, StringComparison.OrdinalIgnoreCase)) return choice;
        validator.Add(field, $"'{field}' must be one of: {string.Join(", ", Enum.GetValues<T>().Select(EnumText<T>.ToText))}.");
        return null;
    }

    public static MoodLabel? Mood(string field, string? value, Validator validator)
    {
        if (value is null) return null;
        if (Enum.TryParse<MoodLabel>(value, ignoreCase: true, out var mood) && Enum.IsDefined(mood) && !int.TryParse(value, out _)) return mood;
        validator.Add(field, $"'{field}' must be one of: {string.Join(", ", Enum.GetNames<MoodLabel>().Select(n => n.ToLowerInvariant()))}.");
        return null;
    }
}
