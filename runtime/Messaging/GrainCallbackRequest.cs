namespace Journal.Runtime;

/// <summary>
/// A turn the runtime itself runs on a grain (a stream delivery, a reminder tick) rather than a call
/// through a grain interface. It activates the grain like any call. The response timeout applies
/// only while it waits for its turn: once the turn runs, its outcome is awaited however long it takes,
/// because a delivery or tick reported as failed while its turn still ran would be run again (a
/// reminder would fire twice).
/// </summary>
internal sealed class GrainCallbackRequest(Func<Grain, Task> body, string description, bool deactivateOnFailure) : Request
{
    private readonly TaskCompletionSource _response = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Task => _response.Task;

    public override bool HasCaller => true;

    public override bool TimesOutWhileRunning => false;

    public override bool IsAnswered => _response.Task.IsCompleted;

    public override Task Invoke(Grain? grain) => body(grain!);

    public override void Complete(Task task)
    {
        if (task.IsCompletedSuccessfully)
        {
            _response.TrySetResult();
            return;
        }
        // The grain may have changed its memory before failing: drop the activation, so a retry
        // starts from what storage holds.
        if (deactivateOnFailure)
            Target.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationError, $"{description} failed"));
        Fail(task.IsCanceled ? new TaskCanceledException(task) : task.Exception!.InnerException!);
    }

    public override void Fail(Exception exception) => _response.TrySetException(exception);

    public override string ToString() => $"{description} on {Target?.GrainId.ToString() ?? "?"}";
}
