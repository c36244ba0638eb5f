using Journal.Runtime;

namespace Journal.Tests.Runtime.Grains;

public interface IShortLivedGrain : IGrainWithGuidKey
{
    Task Touch();
}

/// <summary>Collected after 300 ms idle whatever the runtime's default collection age.</summary>
[CollectionAgeLimit(Seconds = 0.3)]
public sealed class ShortLivedGrain(GrainEvents events) : ReportingGrain(events), IShortLivedGrain
{
    public Task Touch() => Task.CompletedTask;
}
