using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Journal.Runtime;

internal enum ActivationState
{
    /// <summary>In the directory, nothing enqueued yet.</summary>
    New,
    /// <summary>The activation turn runs; requests wait.</summary>
    Activating,
    Valid,
    /// <summary>The deactivation turn runs or waits for running turns; new requests wait to be re-sent.</summary>
    Deactivating,
    /// <summary>Gone from the directory; requests must go to a new activation.</summary>
    Invalid,
}

/// <summary>
/// The one live instance of a grain in this runtime: its request queue, its turn admission rules
/// (non-reentrant, reentrant, read-only, always-interleave), its task scheduler and its lifecycle.
/// All mutable fields are guarded by the lock on <c>_waiting</c>.
/// </summary>
internal sealed class Activation
{
    /// <summary>Set while the grain object is being constructed, so <see cref="Grain"/>'s constructor finds its activation.</summary>
    [ThreadStatic] internal static Activation? Constructing;

    private static readonly Action<object?> s_runTurn = state => InvokeTurn((Request)state!);
    private static readonly Action<object?> s_runDetachedTurn = RunDetachedTurn;
    private static readonly ContextCallback s_invokeTurn = state => InvokeTurn((Request)state!);

    private readonly Queue<Request> _waiting = new();
    private readonly List<Request> _running = new(1);
    private ActivationState _state;
    private DeactivationReason? _pendingDeactivation;
    private List<IGrainTimer>? _timers;
    private List<IActivationState>? _states;
    private TaskCompletionSource? _deactivated;
    private IServiceScope? _scope;

    public Activation(GrainRuntime runtime, GrainId grainId, GrainClass grainClass)
    {
        Runtime = runtime;
        GrainId = grainId;
        Class = grainClass;
        LastUsedMs = Environment.TickCount64;
    }

    public GrainRuntime Runtime { get; }
    public GrainId GrainId { get; }
    public GrainClass Class { get; }
    public ActivationTaskScheduler Scheduler { get; } = new();
    public Grain? Instance { get; private set; }

    /// <summary>The activation's own DI scope (as in Orleans): scoped services live as long as the activation.</summary>
    public IServiceProvider Services => _scope?.ServiceProvider ?? Runtime.Services;

    /// <summary>When a request last finished here (<see cref="Environment.TickCount64"/>); read without the lock by the collector.</summary>
    public long LastUsedMs { get; private set; }

    public ActivationState State
    {
        get { lock (_waiting) return _state; }
    }

    /// <summary>
    /// Enqueues <paramref name="request"/>, starting it at once when the admission rules allow (then
    /// possibly inline, on the caller's thread). False when this activation is gone and the request
    /// must go to a new one.
    /// </summary>
    public bool TryEnqueue(Request request)
    {
        if (request.IsAnswered) return true; // timed out before it could be (re)delivered
        request.Target = this;
        Task? turn = null;
        var activate = false;
        lock (_waiting)
        {
            if (_state == ActivationState.Invalid) return false;
            if (request is TimerTickRequest && _pendingDeactivation is not null) return true; // ticks die with the activation
            // Nothing waits, so starting now overtakes nobody (read-only calls must not starve writes).
            if (_state == ActivationState.Valid && _pendingDeactivation is null && (_waiting.Count == 0 || request.IsAlwaysInterleave) && CanStart(request))
            {
                _running.Add(request);
                turn = new Task(s_runTurn, request); // flows the caller's execution context into the turn
            }
            else if (FindDeadlock(request) is { } cycle)
            {
                request.Fail(new DeadlockException(cycle));
                return true;
            }
            else
            {
                request.CallerContext = ExecutionContext.Capture();
                _waiting.Enqueue(request);
                activate = _state == ActivationState.New;
                if (activate) _state = ActivationState.Activating;
            }
        }
        // Outside the lock: the turn may run right here.
        if (turn is not null) Scheduler.RunInlineOrQueue(turn);
        if (activate) StartSystemTurn(new ActivationRequest());
        return true;
    }

    private bool CanStart(Request request)
    {
        if (_running.Count == 0 || Class.IsReentrant || request.IsAlwaysInterleave) return true;
        if (!request.IsReadOnly) return false;
        foreach (var running in _running)
            if (!running.IsReadOnly) return false;
        return true;
    }

    // A request that cannot start now, sent (directly or through other grains) by a turn of this
    // activation that still waits for it, would never start: name the cycle instead. The walk stops
    // at the first finished turn: past it, nobody on the chain is waiting.
    private string? FindDeadlock(Request request)
    {
        for (var caller = request.Caller; caller is not null && !caller.TurnFinished; caller = caller.Caller)
        {
            if (caller.Target != this) continue;
            var cycle = new List<GrainId> { GrainId };
            for (var link = request.Caller; link is not null; link = link.Caller)
            {
                cycle.Add(link.Target.GrainId);
                if (link == caller) break;
            }
            cycle.Reverse();
            return $"Deadlock: the call {request} closes the cycle {string.Join(" → ", cycle)} between non-reentrant grains. "
                + "Break the cycle, make the grain [Reentrant], or mark the method [AlwaysInterleave] or [ReadOnly].";
        }
        return null;
    }

    // Under the lock: starts a turn that waited, or a system turn, on the thread pool. It runs in the
    // execution context its caller sent it from, never in that of whichever turn released it.
    private void Start(Request request)
    {
        _running.Add(request);
        Task turn;
        using (ExecutionContext.SuppressFlow()) turn = new Task(s_runDetachedTurn, request);
        turn.Start(Scheduler);
    }

    private void StartSystemTurn(Request request)
    {
        request.Target = this;
        lock (_waiting) Start(request);
    }

    // The worker thread's own context is put back afterwards, so nothing a grain sets in AsyncLocals
    // leaks into the next turn.
    private static void RunDetachedTurn(object? state)
    {
        var request = (Request)state!;
        if (request.CallerContext is { } callerContext)
        {
            ExecutionContext.Run(callerContext, s_invokeTurn, request);
            return;
        }
        var threadContext = ExecutionContext.Capture(); // lifecycle turns and timer ticks have no caller
        try
        {
            InvokeTurn(request);
        }
        finally
        {
            if (threadContext is not null) ExecutionContext.Restore(threadContext);
        }
    }

    private static void InvokeTurn(Request request)
    {
        RuntimeContext.CurrentRequest = request;
        Task task;
        try
        {
            task = request.Invoke(request.Target.Instance);
        }
        catch (Exception e)
        {
            task = Task.FromException(e);
        }
        if (task.IsCompleted)
            request.Target.OnTurnCompleted(request, task);
        else
            task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => request.Target.OnTurnCompleted(request, task));
    }

    private void OnTurnCompleted(Request request, Task task)
    {
        request.TurnFinished = true;
        request.Complete(task);
        if (request is ActivationRequest or DeactivationRequest) return; // they finish the lifecycle step themselves
        lock (_waiting)
        {
            _running.Remove(request);
            if (request.KeepsAlive) LastUsedMs = Environment.TickCount64;
            Pump();
        }
    }

    // Under the lock: starts what may start now, or the deactivation once nothing runs.
    private void Pump()
    {
        if (_state != ActivationState.Valid) return;
        if (_pendingDeactivation is { } reason)
        {
            if (_running.Count == 0) BeginDeactivation(reason);
            return;
        }
        while (_waiting.TryPeek(out var next))
        {
            if (next.IsAnswered)
            {
                _waiting.Dequeue(); // timed out while waiting: nobody wants its effect any more
                continue;
            }
            if (!CanStart(next)) return;
            _waiting.Dequeue();
            Start(next);
        }
    }

    // ---- activation ----

    public async Task ActivateAsync()
    {
        _scope = Runtime.Services.CreateScope();
        Constructing = this;
        try
        {
            Instance = Class.Create(_scope.ServiceProvider, this);
        }
        finally
        {
            Constructing = null;
        }
        if (_states is not null)
            foreach (var state in _states)
                await state.ReadStateAsync(Runtime.StoppingToken);
        await Instance.OnActivateAsync(Runtime.StoppingToken);
    }

    public void OnActivated(Task activation)
    {
        if (activation.IsCompletedSuccessfully)
        {
            lock (_waiting)
            {
                if (_state != ActivationState.Activating) return; // abandoned at shutdown meanwhile
                _running.Clear();
                _state = ActivationState.Valid;
                LastUsedMs = Environment.TickCount64;
                Pump();
            }
            return;
        }
        var error = activation.Exception?.InnerException ?? new TaskCanceledException(activation);
        Runtime.Logger.LogError(error, "Activation of {GrainId} failed", GrainId);
        InvalidateAndFail(_ => error);
    }

    /// <summary>Called by persistent state objects created with the grain.</summary>
    public void AddState(IActivationState state) => (_states ??= []).Add(state);

    // ---- deactivation ----

    /// <summary>Deactivates once the running turns end; requests that arrive meanwhile go to a new activation.</summary>
    public void RequestDeactivation(DeactivationReason reason)
    {
        lock (_waiting)
        {
            if (_pendingDeactivation is not null || _state is ActivationState.Deactivating or ActivationState.Invalid) return;
            _pendingDeactivation = reason;
            if (_state != ActivationState.New)
            {
                Pump();
                return;
            }
            _state = ActivationState.Invalid;
        }
        Runtime.OnActivationRemoved(this, []);
    }

    // Under the lock.
    private void BeginDeactivation(DeactivationReason reason)
    {
        _state = ActivationState.Deactivating;
        Start(new DeactivationRequest(reason) { Target = this });
    }

    public async Task DeactivateAsync(DeactivationReason reason)
    {
        DisposeTimers();
        var timeout = Runtime.Options.DeactivationTimeout;
        using var cancellation = new CancellationTokenSource(timeout);
        // A grain that ignores the token must not keep its id unusable forever.
        await Instance!.OnDeactivateAsync(reason, cancellation.Token).WaitAsync(timeout);
    }

    public void OnDeactivated(Task deactivation)
    {
        if (!deactivation.IsCompletedSuccessfully)
            Runtime.Logger.LogError(deactivation.Exception?.InnerException, "OnDeactivateAsync of {GrainId} failed", GrainId);
        var (_, waiting) = Invalidate();
        Runtime.OnActivationRemoved(this, waiting);
    }

    /// <summary>Drops an activation whose turns never end (shutdown only): its callers are failed.</summary>
    public void Abandon() =>
        InvalidateAndFail(request => new RuntimeStoppingException($"The grain runtime stopped before {request} finished."));

    private void InvalidateAndFail(Func<Request, Exception> error)
    {
        var (running, waiting) = Invalidate();
        Runtime.OnActivationRemoved(this, []);
        foreach (var request in running.Concat(waiting)) request.Fail(error(request));
    }

    // Ends the activation and hands back the calls whose callers still wait: those running, and those
    // waiting (timer ticks and lifecycle turns are no one's call: they end here).
    private (List<Request> Running, List<Request> Waiting) Invalidate()
    {
        List<Request> running, waiting;
        lock (_waiting)
        {
            _state = ActivationState.Invalid;
            running = [.. _running.Where(r => r.HasCaller)];
            waiting = [.. _waiting.Where(r => r is not TimerTickRequest)];
            _running.Clear();
            _waiting.Clear();
            _deactivated?.TrySetResult();
        }
        DisposeTimers(); // also those registered during OnDeactivateAsync
        DisposeScope();
        return (running, waiting);
    }

    private void DisposeScope()
    {
        if (Interlocked.Exchange(ref _scope, null) is not IAsyncDisposable scope) return;
        var disposal = scope.DisposeAsync();
        if (disposal.IsCompletedSuccessfully) return;
        disposal.AsTask().ContinueWith(
            t => Runtime.Logger.LogError(t.Exception?.InnerException, "Disposing the services of {GrainId} failed", GrainId),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    /// <summary>Completes when this activation is gone.</summary>
    public Task WhenDeactivated()
    {
        lock (_waiting)
        {
            if (_state == ActivationState.Invalid) return Task.CompletedTask;
            return (_deactivated ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    // ---- housekeeping ----

    /// <summary>Fails the requests whose caller has waited longer than <paramref name="timeoutMs"/>.</summary>
    public void FailTimedOut(long nowMs, long timeoutMs)
    {
        List<Request>? expired = null;
        lock (_waiting)
        {
            foreach (var request in _running)
                if (request.TimesOutWhileRunning) Check(request);
            foreach (var request in _waiting) Check(request);
        }
        if (expired is null) return;
        foreach (var request in expired)
            request.Fail(new ResponseTimeoutException($"Response did not arrive on time: {request} got no answer within {TimeSpan.FromMilliseconds(timeoutMs)}."));

        void Check(Request request)
        {
            if (request.HasCaller && nowMs - request.SentAtMs > timeoutMs && !request.IsAnswered) (expired ??= []).Add(request);
        }
    }

    /// <summary>Whether this activation is on its way out (deactivation requested, running or done).</summary>
    public bool IsLeaving
    {
        get
        {
            lock (_waiting) return _pendingDeactivation is not null || _state is ActivationState.Deactivating or ActivationState.Invalid;
        }
    }

    /// <summary>Whether nothing runs or waits here (the collector and the LRU cap only take idle activations).</summary>
    public bool IsIdle
    {
        get
        {
            lock (_waiting) return _state == ActivationState.Valid && _pendingDeactivation is null && _running.Count == 0 && _waiting.Count == 0;
        }
    }

    public IGrainTimer RegisterTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        var timer = new GrainTimer<TState>(this, callback, state, options);
        lock (_waiting) (_timers ??= []).Add(timer);
        return timer;
    }

    public void RemoveTimer(IGrainTimer timer)
    {
        lock (_waiting) _timers?.Remove(timer);
    }

    private void DisposeTimers()
    {
        IGrainTimer[] timers;
        lock (_waiting) timers = _timers?.ToArray() ?? [];
        foreach (var timer in timers) timer.Dispose();
    }

    public override string ToString() => $"Activation({GrainId}, {State})";
}
