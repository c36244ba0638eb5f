namespace Journal.Runtime;

/// <summary>
/// A service that lives with the grain runtime (stream agents, the reminder service): started by
/// <see cref="GrainRuntime.Start"/> and stopped by <see cref="GrainRuntime.StopAsync"/> before the
/// grains are deactivated, so its last deliveries still find live grains.
/// </summary>
internal interface IRuntimeService
{
    /// <summary>Starts the service's background work; a second call does nothing.</summary>
    void Start();

    Task StopAsync();

    /// <summary>Why the service cannot do its work (readiness reports it); null when it can.</summary>
    string? Fault { get; }
}
