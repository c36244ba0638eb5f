namespace Journal.Runtime;

/// <summary>The activation's first turn: create the grain, read its state, run <c>OnActivateAsync</c>.</summary>
internal sealed class ActivationRequest : Request
{
    public override Task Invoke(Grain? grain) => Target.ActivateAsync();

    public override void Complete(Task task) => Target.OnActivated(task);

    public override void Fail(Exception exception) => Target.OnActivated(System.Threading.Tasks.Task.FromException(exception));

    public override string ToString() => $"activation of {Target.GrainId}";
}

/// <summary>The activation's last turn: stop its timers and run <c>OnDeactivateAsync</c>.</summary>
internal sealed class DeactivationRequest(DeactivationReason reason) : Request
{
    public override bool KeepsAlive => false;

    public override Task Invoke(Grain? grain) => Target.DeactivateAsync(reason);

    public override void Complete(Task task) => Target.OnDeactivated(task);

    public override void Fail(Exception exception) => Target.OnDeactivated(System.Threading.Tasks.Task.FromException(exception));

    public override string ToString() => $"deactivation of {Target.GrainId} ({reason})";
}

/// <summary>What a <see cref="TimerTickRequest"/> needs of its timer.</summary>
internal interface ITimerTickSource
{
    bool Interleave { get; }
    bool KeepAlive { get; }
    Task RunTickAsync();
    void OnTickCompleted(Task tick);
}

/// <summary>One tick of a grain timer, run as a turn.</summary>
internal sealed class TimerTickRequest(ITimerTickSource timer) : Request
{
    public override bool IsAlwaysInterleave => timer.Interleave;

    public override bool KeepsAlive => timer.KeepAlive;

    public override Task Invoke(Grain? grain) => timer.RunTickAsync();

    public override void Complete(Task task) => timer.OnTickCompleted(task);

    public override void Fail(Exception exception)
    {
        // A tick that cannot run (the activation is going away) is simply dropped.
    }

    public override string ToString() => $"timer tick on {Target.GrainId}";
}
