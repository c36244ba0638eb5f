namespace Journal.Runtime;

/// <summary>A grain timer (Orleans' <c>IGrainTimer</c>): dispose it to stop it.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Moves the next tick to <paramref name="dueTime"/> from now and sets the period after it.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}

/// <summary>
/// When a grain timer first ticks and how often after that. The period counts from the end of the
/// previous tick, so ticks never pile up. <see cref="Interleave"/> lets a tick run between the turns of
/// other requests; <see cref="KeepAlive"/> makes ticks count as use, which keeps the activation from
/// being collected.
/// </summary>
public readonly record struct GrainTimerCreationOptions(TimeSpan DueTime, TimeSpan Period)
{
    public bool Interleave { get; init; }
    public bool KeepAlive { get; init; }
}
