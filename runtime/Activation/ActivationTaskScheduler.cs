namespace Journal.Runtime;

/// <summary>
/// The task scheduler of one activation: runs its work items one at a time, in order, on the
/// thread pool. Grain code awaits without ConfigureAwait, so every continuation of a turn comes back
/// here — this is what makes turns single-threaded even for reentrant grains (as in Orleans).
/// </summary>
internal sealed class ActivationTaskScheduler : TaskScheduler, IThreadPoolWorkItem
{
    // Items run per thread-pool visit before yielding the thread to other activations.
    private const int BatchSize = 32;

    [ThreadStatic] private static ActivationTaskScheduler? t_running;

    private readonly Queue<Task> _queue = new();
    private bool _scheduled;

    public override int MaximumConcurrencyLevel => 1;

    protected override void QueueTask(Task task)
    {
        lock (_queue)
        {
            _queue.Enqueue(task);
            if (_scheduled) return;
            _scheduled = true;
        }
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
