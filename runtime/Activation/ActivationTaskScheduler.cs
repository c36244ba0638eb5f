namespace Journal.Runtime;

/// <summary>
/// The task scheduler of one activation: runs its work items one at a time, in order. Grain code
/// awaits without ConfigureAwait, so every continuation of a turn comes back here — this is what
/// makes turns single-threaded even for reentrant grains (as in Orleans).
/// </summary>
/// <remarks>
/// A turn started by a caller while the activation has nothing queued or running runs inline on
/// the caller's thread (<see cref="RunInlineOrQueue"/>): same one-at-a-time guarantee, but no
/// thread-pool hop in either direction. Inline runs nest at most <see cref="MaxInlineDepth"/> deep.
/// </remarks>
internal sealed class ActivationTaskScheduler : TaskScheduler, IThreadPoolWorkItem
{
    // Items run per thread-pool visit before yielding the thread to other activations.
    private const int BatchSize = 32;
    private const int MaxInlineDepth = 4;

    [ThreadStatic] private static ActivationTaskScheduler? t_running;
    [ThreadStatic] private static Task? t_inlineCandidate;
    [ThreadStatic] private static int t_inlineDepth;

    private readonly Queue<Task> _queue = new();

    // True while a thread (pool worker or inline caller) owns this scheduler's items.
    private bool _scheduled;

    public override int MaximumConcurrencyLevel => 1;

    /// <summary>Starts <paramref name="turn"/> on this scheduler, on the calling thread if the scheduler is free.</summary>
    public void RunInlineOrQueue(Task turn)
    {
        t_inlineCandidate = turn;
        try
        {
            turn.Start(this);
        }
        finally
        {
            t_inlineCandidate = null;
        }
    }

    protected override void QueueTask(Task task)
    {
        var inline = false;
        lock (_queue)
        {
            if (_scheduled)
            {
                _queue.Enqueue(task);
                return;
            }
            _scheduled = true;
            if (t_inlineCandidate == task && t_inlineDepth < MaxInlineDepth) inline = true;
            else _queue.Enqueue(task);
        }
        if (inline) RunInline(task);
        else ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
    }

    private void RunInline(Task task)
    {
        t_inlineCandidate = null;
        var previousScheduler = t_running;
        var previousContext = SynchronizationContext.Current;
        // Grain code must post its continuations here, not to the caller's synchronization context.
        SynchronizationContext.SetSynchronizationContext(null);
        t_running = this;
        t_inlineDepth++;
        try
        {
            TryExecuteTask(task);
        }
        finally
        {
            t_inlineDepth--;
            t_running = previousScheduler;
            SynchronizationContext.SetSynchronizationContext(previousContext);
        }
        lock (_queue)
        {
            if (_queue.Count == 0)
            {
                _scheduled = false;
                return;
            }
        }
        // Continuations or requests arrived meanwhile: hand them to the thread pool.
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
    }

    void IThreadPoolWorkItem.Execute()
    {
        t_running = this;
        try
        {
            for (var i = 0; i < BatchSize; i++)
            {
                Task? task;
                lock (_queue)
                {
                    if (!_queue.TryDequeue(out task))
                    {
                        _scheduled = false;
                        return;
                    }
                }
                TryExecuteTask(task);
            }
        }
        finally
        {
            t_running = null;
        }
        // Still scheduled: give the thread back, then continue where we stopped.
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    // Inlining is safe only on the thread that is already running this activation's items.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        t_running == this && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_queue) return _queue.ToArray();
    }
}
