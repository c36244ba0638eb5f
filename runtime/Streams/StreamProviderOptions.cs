namespace Journal.Runtime;

/// <summary>Settings of one stream provider (configuration section <c>Streams</c> for the silo's provider).</summary>
public sealed class StreamProviderOptions
{
    public const string DefaultName = "default";

    /// <summary>Streams hash into this many partitions; each has one pulling agent.</summary>
    public int Partitions { get; set; } = 8;

    /// <summary>Most events an agent reads and delivers at once.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>Agents wake on notifications; without one they look at least this often.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts per event and consumer before the event is dead-lettered.</summary>
    public int MaxDeliveryAttempts { get; set; } = 5;

    /// <summary>Wait before the second attempt; it doubles with each further attempt.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Events every consumer has passed are deleted once they are older than this.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often retention runs.</summary>
    public TimeSpan RetentionPeriod { get; set; } = TimeSpan.FromHours(1);
}
