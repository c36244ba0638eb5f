using Journal.Runtime;

// Kept out of the Grains namespace: registering it must stop the runtime from starting.
namespace Journal.Tests.Runtime.InvalidGrains;

public interface IMutableArgumentGrain : IGrainWithGuidKey
{
    Task Take(List<int> items);
}

public sealed class MutableArgumentGrain : Grain, IMutableArgumentGrain
{
    public Task Take(List<int> items) => Task.CompletedTask;
}
