namespace Journal.Persistence.Streams;

/// <summary>Settings of an outbox stream provider (configuration section <c>Streams</c> for the silo's provider).</summary>
public sealed class OutboxStreamOptions
{
    /// <summary>Streams hash into this many partitions (Orleans queues); each has one pulling agent in the cluster.</summary>
    public int Partitions { get; set; } = 8;

    /// <summary>Most events a pulling agent reads at once.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>Agents wake on notifications; without one they read at least this often.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often a pulling agent looks whether a notification woke its partition (Orleans' queue timer).
    /// Longer means more events per read and per delivery: at 25 ms rather than 10, a check-in cost node
    /// and database 9–22 % less CPU (docs/PERFORMANCE.md), for deliveries up to 15 ms later.
    /// </summary>
    public TimeSpan WakeCheckPeriod { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// How long a consumer that writes behind (<see cref="WriteBehind"/>) keeps applied events in memory
    /// before it writes them: longer means fewer writes, and more to read from the outbox after a crash.
    /// </summary>
    public TimeSpan ConsumerWriteDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts per event and consumer before the event is dead-lettered.</summary>
    public int MaxDeliveryAttempts { get; set; } = 5;

    /// <summary>Wait before a delivery is retried; it doubles with each further attempt (at most 30 s).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Events every consumer has passed are deleted once they are older than this.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often retention runs per partition.</summary>
    public TimeSpan RetentionPeriod { get; set; } = TimeSpan.FromHours(1);
}
