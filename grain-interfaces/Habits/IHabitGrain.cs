using System.Collections.Immutable;
using Journal.GrainInterfaces.Accounts;
using Orleans.Concurrency;

namespace Journal.GrainInterfaces.Habits;

/// <summary>
/// A user's habits and their completions (key = user id): the single writer of the user's habits and
/// habit_completions rows, all held in memory. Streaks are computed on read (docs/HABITS.md).
/// </summary>
[Alias("journal.IHabitGrain")]
public interface IHabitGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Creates a habit dated by <paramref name="clock"/>, the user's clock as the request's session check
    /// read it (so the write makes no second call to the account grain); with an idempotency key, a retry
    /// returns the first result.
    /// </summary>
    [Alias("CreateAsync")]
    Task<HabitResult> CreateAsync(HabitDefinition habit, UserClock clock, IdempotencyKey? idempotency);

    /// <summary>The habits with their streaks as of today by <paramref name="clock"/>, as <see cref="CreateAsync"/>.</summary>
    [ReadOnly]
    [Alias("ListAsync")]
    Task<Page<Habit>> ListAsync(string? cursor, int limit, UserClock clock);

    /// <summary>Changes the habit; its streak is as of today by <paramref name="clock"/>, as <see cref="CreateAsync"/>.</summary>
    [Alias("UpdateAsync")]
    Task<HabitResult> UpdateAsync(Guid habitId, HabitChange change, UserClock clock);

    /// <summary>Deletes the habit and its completions; false when there is no such habit.</summary>
    [Alias("DeleteAsync")]
    Task<bool> DeleteAsync(Guid habitId);

    /// <summary>
    /// Marks the habit done on <paramref name="date"/> (null: today by <paramref name="clock"/>, as
    /// <see cref="CreateAsync"/>); a second time on one date returns the first.
    /// </summary>
    [Alias("CompleteAsync")]
    Task<CompletionResult> CompleteAsync(Guid habitId, DateOnly? date, UserClock clock);

    /// <summary>Every habit and its completions, the streaks as of today by <paramref name="clock"/>, as <see cref="CreateAsync"/>.</summary>
    [ReadOnly]
    [Alias("ExportAsync")]
    Task<ImmutableList<HabitExport>> ExportAsync(UserClock clock);

    [Alias("EraseAsync")]
    Task EraseAsync();
}

[GenerateSerializer, Alias("journal.HabitFrequency")]
public enum HabitFrequency { Daily, Weekly, Monthly, Custom }

/// <summary>
/// A validated habit. <paramref name="Meta"/> is a JSON object (text); <paramref name="PeriodDays"/> is
/// the length of a custom period (meta.everyDays), null for the calendar frequencies.
/// </summary>
[GenerateSerializer, Immutable, Alias("journal.HabitDefinition")]
public sealed record HabitDefinition(string Name, HabitFrequency Frequency, int? TargetPerPeriod, int? PeriodDays, string Meta);

/// <summary>A partial update: null leaves a field as it is (<paramref name="PeriodDays"/> comes with <paramref name="Meta"/>).</summary>
[GenerateSerializer, Immutable, Alias("journal.HabitChange")]
public sealed record HabitChange(string? Name, HabitFrequency? Frequency, int? TargetPerPeriod, int? PeriodDays, string? Meta);

/// <summary>A habit's streak as of today: periods in a row that met the target (<paramref name="Unit"/> day, week, month or period).</summary>
[GenerateSerializer, Immutable, Alias("journal.HabitStreak")]
public sealed record HabitStreak(int Current, int Longest, string Unit, int CompletedThisPeriod, DateOnly? LastCompletedOn);

[GenerateSerializer, Immutable, Alias("journal.Habit")]
public sealed record Habit(
    Guid Id,
    string Name,
    HabitFrequency Frequency,
    int TargetPerPeriod,
    string Meta,
    DateOnly CreatedOn,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    HabitStreak Streak);

[GenerateSerializer, Alias("journal.HabitStatus")]
public enum HabitStatus { Created, Replayed, KeyReused, Updated, NotFound, NameTaken }

[GenerateSerializer, Immutable, Alias("journal.HabitResult")]
public sealed record HabitResult(HabitStatus Status, Habit? Habit);

[GenerateSerializer, Immutable, Alias("journal.HabitCompletion")]
public sealed record HabitCompletion(Guid HabitId, DateOnly Date, DateTimeOffset CreatedAt, HabitStreak Streak);

/// <summary><see cref="CompletionStatus.AlreadyDone"/>: the date was completed before; the first completion is returned.</summary>
[GenerateSerializer, Alias("journal.CompletionStatus")]
public enum CompletionStatus { Created, AlreadyDone, NotFound }

[GenerateSerializer, Immutable, Alias("journal.CompletionResult")]
public sealed record CompletionResult(CompletionStatus Status, HabitCompletion? Completion);

[GenerateSerializer, Immutable, Alias("journal.HabitExport")]
public sealed record HabitExport(Habit Habit, ImmutableList<DateOnly> Completions);
