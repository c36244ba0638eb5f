namespace Journal.Runtime;

/// <summary>
/// Identifies a stream: a namespace (the kind of events, e.g. "journal") and a key (usually the id
/// of the user or grain the events are about). An implicit subscriber of the namespace is the grain
/// whose key is the stream's key.
/// </summary>
public readonly record struct StreamId
{
    public StreamId(string @namespace, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(key);
        Namespace = @namespace;
        Key = key;
    }

    public string Namespace { get; }

    public string Key { get; }

    /// <summary>A stream keyed by a Guid, written as the Guid keys of grains are ("N" format).</summary>
    public static StreamId Create(string @namespace, Guid key) => new(@namespace, key.ToString("N"));

    public static StreamId Create(string @namespace, string key) => new(@namespace, key);

    public override string ToString() => $"{Namespace}/{Key}";
}
