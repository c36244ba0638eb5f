namespace Journal.Grains.Storage;

/// <summary>Moments at PostgreSQL's precision (microseconds), so what a grain keeps in memory equals what it reads back later.</summary>
internal static class StoredTime
{
    public static DateTimeOffset Now()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
