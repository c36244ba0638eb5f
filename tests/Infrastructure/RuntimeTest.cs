using Journal.Runtime;

namespace Journal.Tests.Infrastructure;

/// <summary>A test class whose tests share one started in-memory runtime, stopped when the class is done.</summary>
public abstract class RuntimeTest(Action<GrainRuntimeOptions>? options = null) : IAsyncLifetime
{
    protected TestRuntime Silo { get; } = TestRuntime.Start(options);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}
