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

    /// <summary>The stream provider registered under <paramref name="name"/>.</summary>
    protected IStreamProvider GetStreamProvider(string name = StreamProviderOptions.DefaultName) => _activation.Runtime.GetStreamProvider(name);

    /// <summary>
    /// Registers (or replaces) a durable reminder: <see cref="IRemindable.ReceiveReminder"/> runs after
    /// <paramref name="dueTime"/> and then every <paramref name="period"/>, activating the grain if
    /// needed, across restarts, until it is unregistered.
    /// </summary>
    protected Task<GrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period) =>
        _activation.Runtime.Reminders.RegisterOrUpdateAsync(this, reminderName, dueTime, period);

    /// <summary>Registers (or replaces) a one-shot durable reminder: it fires once, after <paramref name="dueTime"/>, then is gone.</summary>
    protected Task<GrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime) =>
        _activation.Runtime.Reminders.RegisterOrUpdateAsync(this, reminderName, dueTime, period: null);

    /// <summary>Removes the reminder; false when it was not registered (or a one-shot one already fired).</summary>
    protected Task<bool> UnregisterReminder(string reminderName) => _activation.Runtime.Reminders.UnregisterAsync(GrainId, reminderName);

    protected Task<bool> UnregisterReminder(GrainReminder reminder) => UnregisterReminder(reminder.ReminderName);

    protected async Task<GrainReminder?> GetReminder(string reminderName) =>
        (await GetReminders()).FirstOrDefault(r => r.ReminderName == reminderName);

    protected Task<IReadOnlyList<GrainReminder>> GetReminders() => _activation.Runtime.Reminders.GetAsync(GrainId);

    /// <summary>A timer whose ticks are turns of this activation; it dies with the activation.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        RegisterGrainTimer(static (cb, ct) => cb(ct), callback, new GrainTimerCreationOptions(dueTime, period));

    /// <inheritdoc cref="RegisterGrainTimer(Func{CancellationToken, Task}, TimeSpan, TimeSpan)"/>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options) =>
        _activation.RegisterTimer(callback, state, options);
}
