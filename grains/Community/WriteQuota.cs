namespace Journal.Grains.Community;

/// <summary>
/// A limit on how many writes of one kind a member makes in a day, counted over the last 24 hours
/// (a rolling day: no burst at midnight, and no time zone to argue about).
/// </summary>
public static class WriteQuota
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(1);

    /// <summary>The moments still inside the window, oldest first.</summary>
    public static List<DateTimeOffset> Recent(IEnumerable<DateTimeOffset> moments, DateTimeOffset now) =>
        [.. moments.Where(moment => moment > now - Window).Order()];

    public static bool Allows(IEnumerable<DateTimeOffset> moments, DateTimeOffset now, int limit) => Recent(moments, now).Count < limit;

    /// <summary>When the next write will be allowed again (the oldest counted write leaves the window).</summary>
    public static DateTimeOffset NextAllowedAt(IEnumerable<DateTimeOffset> moments, DateTimeOffset now, int limit)
    {
        var recent = Recent(moments, now);
        return recent.Count < limit ? now : recent[recent.Count - limit] + Window;
    }
}
