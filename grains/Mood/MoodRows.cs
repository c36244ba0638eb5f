using System.Collections.Immutable;
using Journal.GrainInterfaces.Mood;
using Journal.Grains.Privacy;
using Journal.Grains.Storage;

namespace Journal.Grains.Mood;

/// <summary>A checkins row; the notes are sealed under the user's data key.</summary>
internal sealed class CheckInRow
{
    public const string Purpose = "checkin-notes";
    public const string Columns = "id, anxiety_level, mood, triggers, sealed_notes, at, activity_date, created_at";

    public Guid Id { get; init; }
    public short AnxietyLevel { get; init; }
    public string? Mood { get; init; }
    public ImmutableList<string> Triggers { get; init; } = [];
    public byte[]? SealedNotes { get; init; }
    public DateTimeOffset At { get; init; }
    public DateOnly ActivityDate { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public CheckIn ToCheckIn(UserDataKey key) => new(Id, AnxietyLevel, MoodLabels.Parse(Mood), Triggers,
        SealedNotes is null ? null : key.Open<string>(Purpose, Id, SealedNotes), At, ActivityDate, CreatedAt);
}

/// <summary>An ai_usage_logs row; the notes are sealed under the user's data key.</summary>
internal sealed class AiUsageRow
{
    public const string Purpose = "ai-usage-notes";
    public const string Columns = "id, tool_name, duration_minutes, sealed_notes, at, created_at";

    public Guid Id { get; init; }
    public string ToolName { get; init; } = "";
    public int DurationMinutes { get; init; }
    public byte[]? SealedNotes { get; init; }
    public DateTimeOffset At { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public AiUsage ToAiUsage(UserDataKey key) =>
        new(Id, ToolName, DurationMinutes, SealedNotes is null ? null : key.Open<string>(Purpose, Id, SealedNotes), At, CreatedAt);
}
