using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Habits;

namespace Journal.Grains.Habits;

/// <summary>
/// How a habit's frequency cuts the calendar into periods (docs/HABITS.md): days; ISO weeks (Monday
/// to Sunday); calendar months; or, for a custom habit, runs of <see cref="Days"/> days counted from
/// the local date it was created on. Consecutive periods have consecutive indexes.
/// </summary>
public sealed record HabitPeriods(HabitFrequency Frequency, DateOnly Anchor, int Days)
{
    public const int MinCustomDays = 2;
    public const int MaxCustomDays = 365;

    /// <summary>Months differ in length; a target must be reachable in February too.</summary>
    public const int MaxMonthlyTarget = 28;

    public static HabitPeriods For(HabitFrequency frequency, DateOnly createdOn, int? periodDays) => frequency switch
    {
        HabitFrequency.Daily => new(frequency, createdOn, 1),
        HabitFrequency.Weekly => new(frequency, createdOn, 7),
        HabitFrequency.Monthly => new(frequency, createdOn, 0),
        _ => new(frequency, createdOn, periodDays ?? throw new ArgumentNullException(nameof(periodDays), "A custom habit needs its period length.")),
    };

    /// <summary>The index of the period <paramref name="day"/> falls in.</summary>
    public long IndexOf(DateOnly day) => Frequency switch
    {
        HabitFrequency.Daily => day.DayNumber,
        // Day number 0 (0001-01-01) is a Monday, so whole weeks of day numbers are ISO weeks.
        HabitFrequency.Weekly => day.DayNumber / 7,
        HabitFrequency.Monthly => day.Year * 12L + day.Month - 1,
        _ => (long)Math.Floor((day.DayNumber - Anchor.DayNumber) / (double)Days),
    };

    /// <summary>What a period is called in a streak ("3 weeks").</summary>
    public string Unit => Frequency switch
    {
        HabitFrequency.Daily => "day",
        HabitFrequency.Weekly => "week",
        HabitFrequency.Monthly => "month",
        _ => "period",
    };

    /// <summary>
    /// The target a habit of this frequency may have, or a 400 naming the field: a daily habit is done
    /// once a day (its completions are per date); a weekly one on 1–7 days, a monthly one on 1–28,
    /// a custom one on 1 to its period's days. Null means 1.
    /// </summary>
    public static int CheckTarget(HabitFrequency frequency, int? target, int? periodDays)
    {
        if (frequency == HabitFrequency.Custom && periodDays is not (>= MinCustomDays and <= MaxCustomDays))
            throw new DomainValidationException("meta.everyDays", $"A custom habit needs 'meta.everyDays', its period in days ({MinCustomDays} to {MaxCustomDays}).");
        var max = frequency switch
        {
            HabitFrequency.Daily => 1,
            HabitFrequency.Weekly => 7,
            HabitFrequency.Monthly => MaxMonthlyTarget,
            _ => periodDays!.Value,
        };
        var value = target ?? 1;
        if (value < 1 || value > max)
            throw new DomainValidationException("targetPerPeriod", max == 1
                ? "A daily habit is done once a day: 'targetPerPeriod' must be 1."
                : $"'targetPerPeriod' must be between 1 and {max} days for a {frequency.ToString().ToLowerInvariant()} habit.");
        return value;
    }
}
