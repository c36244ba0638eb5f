using System.Collections.Immutable;
using Journal.GrainInterfaces.Accounts;
using Orleans.Concurrency;

namespace Journal.GrainInterfaces.Mood;

/// <summary>A user's check-ins and AI-usage log (key = user id): the single writer of those rows.</summary>
[Alias("journal.IMoodGrain")]
public interface IMoodGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Records a check-in dated by <paramref name="clock"/>, the user's clock as the request's session
    /// check read it (so the write makes no second call to the account grain).
    /// </summary>
    [Alias("CheckInAsync")]
    Task<CreateResult<CheckIn>> CheckInAsync(NewCheckIn checkIn, UserClock clock, IdempotencyKey? idempotency);

    [ReadOnly]
    [Alias("ListCheckInsAsync")]
    Task<Page<CheckIn>> ListCheckInsAsync(TimeRangeQuery query);

    /// <summary>Logs AI use dated by <paramref name="clock"/>, as <see cref="CheckInAsync"/>.</summary>
    [Alias("LogAiUsageAsync")]
    Task<CreateResult<AiUsage>> LogAiUsageAsync(NewAiUsage usage, UserClock clock, IdempotencyKey? idempotency);

    [ReadOnly]
    [Alias("ListAiUsageAsync")]
    Task<Page<AiUsage>> ListAiUsageAsync(TimeRangeQuery query);

    [ReadOnly]
    [Alias("ExportAsync")]
    Task<MoodExport> ExportAsync();

    [Alias("EraseAsync")]
    Task EraseAsync();
}

/// <summary>A validated check-in; <paramref name="At"/> null means now.</summary>
[GenerateSerializer, Immutable, Alias("journal.NewCheckIn")]
public sealed record NewCheckIn(int AnxietyLevel, MoodLabel? Mood, ImmutableList<string> Triggers, string? Notes, DateTimeOffset? At);

[GenerateSerializer, Immutable, Alias("journal.CheckIn")]
public sealed record CheckIn(Guid Id, int AnxietyLevel, MoodLabel? Mood, ImmutableList<string> Triggers, string? Notes, DateTimeOffset At, DateOnly Day, DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable, Alias("journal.NewAiUsage")]
public sealed record NewAiUsage(string ToolName, int DurationMinutes, string? Notes, DateTimeOffset? At);

[GenerateSerializer, Immutable, Alias("journal.AiUsage")]
public sealed record AiUsage(Guid Id, string ToolName, int DurationMinutes, string? Notes, DateTimeOffset At, DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable, Alias("journal.TimeRangeQuery")]
public sealed record TimeRangeQuery(string? Cursor, int Limit, DateTimeOffset? From, DateTimeOffset? To);

[GenerateSerializer, Immutable, Alias("journal.MoodExport")]
public sealed record MoodExport(ImmutableList<CheckIn> CheckIns, ImmutableList<AiUsage> AiUsage);
