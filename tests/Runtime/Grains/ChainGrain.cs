using System.Collections.Immutable;
using Journal.Runtime;

namespace Journal.Tests.Runtime.Grains;

/// <summary>Calls the next grain of a path, so tests can build call chains and cycles.</summary>
public interface IChainGrain : IGrainWithStringKey
{
    /// <summary>Calls path[0] with the rest of the path; returns how many grains were visited.</summary>
    Task<int> Call(ImmutableArray<string> path);

    [AlwaysInterleave] Task<int> InterleavedCall(ImmutableArray<string> path);
}

public interface IReentrantChainGrain : IGrainWithStringKey
{
    Task<int> Call(ImmutableArray<string> path);
}

public sealed class ChainGrain : Grain, IChainGrain
{
    public async Task<int> Call(ImmutableArray<string> path) =>
        path.IsEmpty ? 1 : 1 + await GrainFactory.GetGrain<IChainGrain>(path[0]).Call(path[1..]);

    public async Task<int> InterleavedCall(ImmutableArray<string> path) =>
        path.IsEmpty ? 1 : 1 + await GrainFactory.GetGrain<IChainGrain>(path[0]).InterleavedCall(path[1..]);
}

[Reentrant]
public sealed class ReentrantChainGrain : Grain, IReentrantChainGrain
{
    public async Task<int> Call(ImmutableArray<string> path) =>
        path.IsEmpty ? 1 : 1 + await GrainFactory.GetGrain<IReentrantChainGrain>(path[0]).Call(path[1..]);
}
