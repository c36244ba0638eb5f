namespace Journal.Persistence.Streams;

/// <summary>Names of the silo's outbox stream providers.</summary>
public static class OutboxStreams
{
    /// <summary>The provider every grain publishes to (<c>this.GetStreamProvider(OutboxStreams.Default)</c>); stored with each event.</summary>
    public const string Default = "default";
}
