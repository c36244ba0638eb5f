namespace Journal.Runtime;

/// <summary>
/// One unit of work for an activation: a grain call, a timer tick, or the activation's own
/// activation and deactivation. Each runs as one turn.
/// </summary>
internal abstract class Request
{
    /// <summary>The activation this request was enqueued on.</summary>
    public Activation Target = null!;

    /// <summary>The request whose turn made this call (null for calls from outside a grain); the call chain.</summary>
    public Request? Caller;

    /// <summary>When it was first sent (<see cref="Environment.TickCount64"/>), for the response timeout; re-sends keep it.</summary>
    public readonly long SentAtMs = Environment.TickCount64;

    /// <summary>The caller's execution context, captured when the request had to wait, so its turn runs in it.</summary>
    public ExecutionContext? CallerContext;

    /// <summary>Set when the turn ended; a finished caller in the chain is not waiting.</summary>
    public volatile bool TurnFinished;

    public virtual bool IsReadOnly => false;

    public virtual bool IsAlwaysInterleave => false;

    /// <summary>Whether finishing this request counts as use of the activation (idle collection).</summary>
    public virtual bool KeepsAlive => true;

    /// <summary>Whether a caller waits for it, so the response timeout applies.</summary>
    public virtual bool HasCaller => false;

    /// <summary>
    /// Whether the response timeout still applies once the turn runs. When it does not, the caller
    /// waits for the turn's own outcome however long it takes (it only times out while waiting for it).
    /// </summary>
    public virtual bool TimesOutWhileRunning => true;

    /// <summary>True once the caller has its answer (result, exception or timeout).</summary>
    public virtual bool IsAnswered => false;

    /// <summary>Runs the request's code inside the turn; <paramref name="grain"/> is null only while activating.</summary>
    public abstract Task Invoke(Grain? grain);

    /// <summary>Hands the outcome of <see cref="Invoke"/> to whoever waits for it.</summary>
    public abstract void Complete(Task task);

    /// <summary>Fails the request without running it (timeout, failed activation, shutdown).</summary>
    public abstract void Fail(Exception exception);

    public abstract override string ToString();
}
