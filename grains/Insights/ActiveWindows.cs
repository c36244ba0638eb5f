namespace Journal.Grains.Insights;

/// <summary>
/// Counting one user in the platform's active-user figures exactly once per window. The user's
/// active UTC days are known to their insights grain; when a day becomes active, the user is new to
/// that day (DAU) and to every 7-day (WAU) and 30-day (MAU) window ending on one of the next days
/// that held none of their other active days. The platform grain only adds these increments up, so
/// WAU on day E is the number of distinct users active in E-6..E without any user list. Pure.
/// </summary>
public static class ActiveWindows
{
    public const int Week = 7;
    public const int Month = 30;

    /// <summary>
    /// Records <paramref name="day"/> as active in <paramref name="activeDays"/> and returns the
    /// increments per window-end day; empty when the day was already active. Two months of days are
    /// kept, so a day that arrives late (events of two sources, in commit order) is counted exactly
    /// if it is at most a month older than the newest one known.
    /// </summary>
    public static List<(DateOnly Day, int Daily, int Weekly, int Monthly)> Record(List<DateOnly> activeDays, DateOnly day)
    {
        if (activeDays.Contains(day)) return [];
        var changes = new Dictionary<DateOnly, (int Daily, int Weekly, int Monthly)> { [day] = (1, 0, 0) };
        for (var end = day; end < day.AddDays(Month); end = end.AddDays(1))
        {
            var weekly = end < day.AddDays(Week) && !activeDays.Any(a => a <= end && a > end.AddDays(-Week)) ? 1 : 0;
            var monthly = !activeDays.Any(a => a <= end && a > end.AddDays(-Month)) ? 1 : 0;
            if (weekly + monthly == 0) continue;
            var (daily, w, m) = changes.GetValueOrDefault(end);
            changes[end] = (daily, w + weekly, m + monthly);
        }
        activeDays.Add(day);
        var newest = activeDays.Max();
        activeDays.RemoveAll(a => a <= newest.AddDays(-2 * Month));
        activeDays.Sort();
        return [.. changes.OrderBy(c => c.Key).Select(c => (c.Key, c.Value.Daily, c.Value.Weekly, c.Value.Monthly))];
    }
}
