using Microsoft.Extensions.Logging;

namespace Journal.Runtime;

/// <summary>A call of a grain interface method; the caller awaits <see cref="Task"/>.</summary>
internal sealed class GrainRequest<T> : Request
{
    private readonly GrainMethodInvoker invoker;
    private readonly object?[] arguments;

    // Continuations run asynchronously so the caller's code never runs inside this grain's turn.
    private readonly TaskCompletionSource<T> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GrainRequest(GrainMethodInvoker invoker, object?[] arguments, Request? caller)
    {
        this.invoker = invoker;
        this.arguments = arguments;
        Caller = caller;
    }

    public Task<T> Task => _response.Task;

    public override bool IsReadOnly => invoker.IsReadOnly;

    public override bool IsAlwaysInterleave => invoker.IsAlwaysInterleave;

    public override bool HasCaller => !invoker.IsOneWay;

    public override bool IsAnswered => _response.Task.IsCompleted;

    public override Task Invoke(Grain? grain) => invoker.Invoke(grain!, arguments);

    public override void Complete(Task task)
    {
        if (task.IsCompletedSuccessfully)
        {
            _response.TrySetResult(invoker.HasResult ? ((Task<T>)task).Result : default!);
            return;
        }
        var exception = task.IsCanceled ? new TaskCanceledException(task) : task.Exception!.InnerException!;
        if (invoker.IsOneWay)
        {
            Target.Runtime.Logger.LogError(exception, "One-way call {Call} failed", this);
            _response.TrySetResult(default!);
        }
        else
        {
            _response.TrySetException(exception);
        }
    }

    public override void Fail(Exception exception)
    {
        if (invoker.IsOneWay)
        {
            Target?.Runtime.Logger.LogWarning(exception, "One-way call {Call} was dropped", this);
            _response.TrySetResult(default!);
        }
        else
        {
            _response.TrySetException(exception);
        }
    }

    public override string ToString() => $"{invoker.Name} on {Target?.GrainId.ToString() ?? "?"}";
}
