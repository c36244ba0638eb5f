using System.Collections.Immutable;
using Journal.Runtime;

namespace Journal.Tests.Runtime.Grains;

/// <summary>Calls the next grain of a path, so tests can build call chains and cycles.</summary>
public interface IChainGrain : IGrainWithStringKey
{
    /// <summary>Calls path[0] with the rest of the path; returns how many grains were visited.</summary>
    Task<int> Call(ImmutableArray<string> path);

    [AlwaysInterleave] Task<int> InterleavedCall(ImmutableArray<string> path);

    /// <summary>Sends <paramref name="other"/> a one-way request to call back, then stays busy for a while.</summary>
    Task StartCallBackAndStayBusy(string other);

    [OneWay] Task CallBack(string target);

    /// <summary>How the last call-back went: "ok" or the exception's type name.</summary>
    [ReadOnly] Task<string?> CallBackOutcome();
}

public interface IReentrantChainGrain : IGrainWithStringKey
{
    Task<int> Call(ImmutableArray<string> path);
}

public sealed class ChainGrain : Grain, IChainGrain
{
    private string? _callBackOutcome;

    public async Task StartCallBackAndStayBusy(string other)
    {
        await GrainFactory.GetGrain<IChainGrain>(other).CallBack(GetPrimaryKeyString());
        await Task.Delay(100);
    }

    public async Task CallBack(string target)
    {
        try
        {
            await GrainFactory.GetGrain<IChainGrain>(target).Call([]);
            _callBackOutcome = "ok";
        }
        catch (Exception e)
        {
            _callBackOutcome = e.GetType().Name;
        }
    }

    public Task<string?> CallBackOutcome() => Task.FromResult(_callBackOutcome);

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
