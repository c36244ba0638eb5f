namespace Journal.Runtime;

/// <summary>
/// A service that lives with the grain runtime (stream agents, the reminder service): started by
/// <see cref="GrainRuntime.Start"/> and stopped by <see cref="GrainRuntime.StopAsync"/> before the
/// grains are deactivated, so its last deliveries still find live grains.
/// </summary>
internal interface IRuntimeService
{
    void Start();

    Task StopAsync();
}
