using Journal.GrainInterfaces;

namespace Journal.Grains.Storage;

/// <summary>Moods as the rows store them (the lower-case names the seeds use).</summary>
internal static class MoodLabels
{
    public static string? ToText(MoodLabel? mood) => mood?.ToString().ToLowerInvariant();

    public static MoodLabel? Parse(string? text) => text is null ? null : Enum.Parse<MoodLabel>(text, ignoreCase: true);
}
