using System.Collections.Immutable;
using Journal.Runtime;

namespace Journal.GrainInterfaces.Habits;

/// <summary>
/// A user's habits and their completions (key = user id): the single writer of the user's habits and
/// habit_completions rows, all held in memory. Streaks are computed on read (docs/HABITS.md).
/// </summary>
public interface IHabitGrain : IGrainWithGuidKey
{
    /// <summary>Creates a habit; with an idempotency key, a retry returns the first result.</summary>
    Task<HabitResult> CreateAsync(HabitDefinition habit, IdempotencyKey? idempotency);

    [ReadOnly]
    Task<Page<Habit>> ListAsync(string? cursor, int limit);

    Task<HabitResult> UpdateAsync(Guid habitId, HabitChange change);

    /// <summary>Deletes the habit and its completions; false when there is no such habit.</summary>
    Task<bool> DeleteAsync(Guid habitId);

    /// <summary>Marks the habit done on <paramref name="date"/> (null: today in the user's zone); a second time on one date returns the first.</summary>
    Task<CompletionResult> CompleteAsync(Guid habitId, DateOnly? date);

    [ReadOnly]
    Task<ImmutableList<HabitExport>> ExportAsync();

    Task EraseAsync();
}

public enum HabitFrequency { Daily, Weekly, Monthly, Custom }

/// <summary>
/// A validated habit. <paramref name="Meta"/> is a JSON object (text); <paramref name="PeriodDays"/> is
/// the length of a custom period (meta.everyDays), null for the calendar frequencies.
/// </summary>
public sealed record HabitDefinition(string Name, HabitFrequency Frequency, int? TargetPerPeriod, int? PeriodDays, string Meta);

/// <summary>A partial update: null leaves a field as it is (<paramref name="PeriodDays"/> comes with <paramref name="Meta"/>).</summary>
public sealed record HabitChange(string? Name, HabitFrequency? Frequency, int? TargetPerPeriod, int? PeriodDays, string? Meta);

/// <summary>A habit's streak as of today: periods in a row that met the target (<paramref name="Unit"/> day, week, month or period).</summary>
public sealed record HabitStreak(int Current, int Longest, string Unit, int CompletedThisPeriod, DateOnly? LastCompletedOn);

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

public enum HabitStatus { Created, Replayed, KeyReused, Updated, NotFound, NameTaken }

public sealed record HabitResult(HabitStatus Status, Habit? Habit);

public sealed record HabitCompletion(Guid HabitId, DateOnly Date, DateTimeOffset CreatedAt, HabitStreak Streak);

/// <summary><see cref="CompletionStatus.AlreadyDone"/>: the date was completed before; the first completion is returned.</summary>
public enum CompletionStatus { Created, AlreadyDone, NotFound }

public sealed record CompletionResult(CompletionStatus Status, HabitCompletion? Completion);

public sealed record HabitExport(Habit Habit, ImmutableList<DateOnly> Completions);
