using Journal.Runtime;

namespace Journal.Tests.Runtime.Grains;

public interface IFailingActivationGrain : IGrainWithStringKey
{
    Task Ping();
}

/// <summary>Fails <c>OnActivateAsync</c> when its key says so.</summary>
public sealed class FailingActivationGrain : Grain, IFailingActivationGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        GetPrimaryKeyString() == "broken" ? throw new InvalidOperationException("activation refused") : Task.CompletedTask;

    public Task Ping() => Task.CompletedTask;
}
