namespace Journal.Runtime;

/// <summary>Runtime settings; the defaults are Orleans' defaults.</summary>
public sealed class GrainRuntimeOptions
{
    /// <summary>A call with no answer after this long fails with <see cref="ResponseTimeoutException"/> (a <see cref="TimeoutException"/>) (Orleans: MessagingOptions.ResponseTimeout).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An activation idle for this long is collected (Orleans: GrainCollectionOptions.CollectionAge).</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How often the collector looks for idle activations (Orleans: CollectionQuantum).</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Per grain type (the <see cref="GrainId.Type"/> name) collection age; wins over <see cref="CollectionAgeLimitAttribute"/>.</summary>
    public Dictionary<string, TimeSpan> ClassSpecificCollectionAge { get; } = new(StringComparer.Ordinal);

    /// <summary>Cap on live activations; past it the least recently used idle ones are deactivated.</summary>
    public int MaxActiveActivations { get; set; } = 1_000_000;

    /// <summary>How long <c>OnDeactivateAsync</c> may take before its cancellation token fires.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
