namespace Journal.Runtime;

/// <summary>
/// Base class of every grain. The runtime creates grains through the DI container; code never does.
/// Members mirror Orleans' <c>Grain</c>.
/// </summary>
public abstract class Grain
{
    private readonly Activation _activation;

    protected Grain()
    {
        _activation = Activation.Constructing
            ?? throw new InvalidOperationException("Grains are created by the runtime; get a reference with IGrainFactory.GetGrain instead.");
    }

    public GrainId GrainId => _activation.GrainId;

    protected IGrainFactory GrainFactory => _activation.Runtime;

    /// <summary>This activation's DI scope.</summary>
    protected IServiceProvider ServiceProvider => _activation.Services;

    /// <summary>The key of a grain with a Guid key.</summary>
    public Guid GetPrimaryKey() => Guid.ParseExact(GrainId.Key, "N");

    /// <summary>The key of a grain with a string key.</summary>
    public string GetPrimaryKeyString() => GrainId.Key;

    /// <summary>Runs as the activation's first turn, after its persistent state has been read.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs as the activation's last turn; flush what the grain holds here.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the current turn ends; later calls get a new one.</summary>
    protected void DeactivateOnIdle() =>
        _activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called"));

    /// <summary>A timer whose ticks are turns of this activation; it dies with the activation.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        RegisterGrainTimer(static (cb, ct) => cb(ct), callback, new GrainTimerCreationOptions(dueTime, period));

    /// <inheritdoc cref="RegisterGrainTimer(Func{CancellationToken, Task}, TimeSpan, TimeSpan)"/>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options) =>
        _activation.RegisterTimer(callback, state, options);
}
