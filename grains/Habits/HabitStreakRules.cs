using Journal.GrainInterfaces.Habits;

namespace Journal.Grains.Habits;

/// <summary>
/// A habit's streak (docs/HABITS.md), pure: "today" is a parameter. A period counts when the habit
/// was done on at least <c>target</c> different dates in it; the streak is the number of counting
/// periods in a row up to today. The current period never breaks it while it is still running: it
/// adds one once it counts, and until then the streak is the run that ended with the previous period.
/// </summary>
public static class HabitStreakRules
{
    public static HabitStreak Compute(HabitPeriods periods, int target, IEnumerable<DateOnly> completedOn, DateOnly today)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(target, 1);
        var days = completedOn.Where(day => day <= today).Distinct().ToList();
        var perPeriod = days.GroupBy(periods.IndexOf).ToDictionary(g => g.Key, g => g.Count());
        bool Counts(long period) => perPeriod.GetValueOrDefault(period) >= target;

        var current = periods.IndexOf(today);
        var run = 0;
        for (var period = Counts(current) ? current : current - 1; Counts(period); period--) run++;

        var longest = 0;
        var length = 0;
        long? previous = null;
        foreach (var period in perPeriod.Keys.Where(Counts).Order())
        {
            length = previous == period - 1 ? length + 1 : 1;
            longest = Math.Max(longest, length);
            previous = period;
        }

        return new HabitStreak(run, longest, periods.Unit, perPeriod.GetValueOrDefault(current), days.Count == 0 ? null : days.Max());
    }
}
