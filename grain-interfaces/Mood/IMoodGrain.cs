using System.Collections.Immutable;
using Journal.Runtime;

namespace Journal.GrainInterfaces.Mood;

/// <summary>A user's check-ins and AI-usage log (key = user id): the single writer of those rows.</summary>
public interface IMoodGrain : IGrainWithGuidKey
{
    Task<CreateResult<CheckIn>> CheckInAsync(NewCheckIn checkIn, IdempotencyKey? idempotency);

    [ReadOnly]
    Task<Page<CheckIn>> ListCheckInsAsync(TimeRangeQuery query);

    Task<CreateResult<AiUsage>> LogAiUsageAsync(NewAiUsage usage, IdempotencyKey? idempotency);

    [ReadOnly]
    Task<Page<AiUsage>> ListAiUsageAsync(TimeRangeQuery query);

    [ReadOnly]
    Task<MoodExport> ExportAsync();

    Task EraseAsync();
}

/// <summary>A validated check-in; <paramref name="At"/> null means now.</summary>
public sealed record NewCheckIn(int AnxietyLevel, MoodLabel? Mood, ImmutableList<string> Triggers, string? Notes, DateTimeOffset? At);

public sealed record CheckIn(Guid Id, int AnxietyLevel, MoodLabel? Mood, ImmutableList<string> Triggers, string? Notes, DateTimeOffset At, DateOnly Day, DateTimeOffset CreatedAt);

public sealed record NewAiUsage(string ToolName, int DurationMinutes, string? Notes, DateTimeOffset? At);

public sealed record AiUsage(Guid Id, string ToolName, int DurationMinutes, string? Notes, DateTimeOffset At, DateTimeOffset CreatedAt);

public sealed record TimeRangeQuery(string? Cursor, int Limit, DateTimeOffset? From, DateTimeOffset? To);

public sealed record MoodExport(ImmutableList<CheckIn> CheckIns, ImmutableList<AiUsage> AiUsage);
