using Microsoft.Extensions.Logging;

namespace Journal.Runtime;

/// <summary>A call of a grain interface method; the caller awaits <see cref="Task"/>.</summary>
internal sealed class GrainRequest<T> : Request
{
    private readonly GrainMethodInvoker _invoker;
    private readonly object?[] _arguments;

    // Continuations run asynchronously so the caller's code never runs inside this grain's turn.
    private readonly TaskCompletionSource<T> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GrainRequest(GrainMethodInvoker invoker, object?[] arguments, Request? caller)
    {
        _invoker = invoker;
        _arguments = arguments;
        Caller = caller;
    }

    public Task<T> Task => _response.Task;

    public override bool IsReadOnly => _invoker.IsReadOnly;

    public override bool IsAlwaysInterleave => _invoker.IsAlwaysInterleave;

    public override bool HasCaller => !_invoker.IsOneWay;

    public override bool IsAnswered => _response.Task.IsCompleted;

    public override Task Invoke(Grain? grain) => _invoker.Invoke(grain!, _arguments);

    public override void Complete(Task task)
    {
        if (task.IsCompletedSuccessfully)
            _response.TrySetResult(_invoker.HasResult ? ((Task<T>)task).Result : default!);
        else
            Fail(task.IsCanceled ? new TaskCanceledException(task) : task.Exception!.InnerException!);
    }

    // Nobody awaits a one-way call's outcome: its failure is logged, never left unobserved.
    public override void Fail(Exception exception)
    {
        if (!_invoker.IsOneWay)
        {
            _response.TrySetException(exception);
            return;
        }
        Target?.Runtime.Logger.LogError(exception, "One-way call {Call} failed", this);
        _response.TrySetResult(default!);
    }

    public override string ToString() => $"{_invoker.Name} on {Target?.GrainId.ToString() ?? "?"}";
}
