using System.Collections.Immutable;
using Orleans;
using Orleans.Concurrency;

namespace Journal.Tests.Providers.Grains;

/// <summary>Calls the next grain of a path, so tests can build call chains and cycles.</summary>
[Alias("test.IChainGrain")]
public interface IChainGrain : IGrainWithStringKey
{
    /// <summary>Calls path[0] with the rest of the path; returns how many grains were visited.</summary>
    [Alias("Call")] Task<int> Call(ImmutableArray<string> path);

    [AlwaysInterleave, Alias("InterleavedCall")] Task<int> InterleavedCall(ImmutableArray<string> path);

    /// <summary>Like <see cref="Call"/>, read-only; the last grain of the path is called with <see cref="Call"/> when <paramref name="writeLast"/>.</summary>
    [ReadOnly, Alias("ReadOnlyCall")] Task<int> ReadOnlyCall(ImmutableArray<string> path, bool writeLast);

    /// <summary>Sends <paramref name="other"/> a one-way request to call back, then stays busy for a while.</summary>
    [Alias("StartCallBackAndStayBusy")] Task StartCallBackAndStayBusy(string other);

    [OneWay, Alias("CallBack")] Task CallBack(string target);

    /// <summary>How the last call-back went: "ok" or the exception's type name.</summary>
    [ReadOnly, Alias("CallBackOutcome")] Task<string?> CallBackOutcome();

    /// <summary>Answers only once <see cref="Release"/> was called.</summary>
    [Alias("Hang")] Task Hang();

    [AlwaysInterleave, Alias("Release")] Task Release();

    /// <summary>Calls <paramref name="other"/>'s <see cref="Hang"/> (a grain-to-grain call that gets no answer).</summary>
    [Alias("CallHanging")] Task CallHanging(string other);
}

[Alias("test.IReentrantChainGrain")]
public interface IReentrantChainGrain : IGrainWithStringKey
{
    [Alias("Call")] Task<int> Call(ImmutableArray<string> path);
}

[GrainType("test-chain")]
public sealed class ChainGrain : Grain, IChainGrain
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _callBackOutcome;

    public async Task<int> Call(ImmutableArray<string> path) =>
        path.IsEmpty ? 1 : 1 + await GrainFactory.GetGrain<IChainGrain>(path[0]).Call(path[1..]);

    public async Task<int> InterleavedCall(ImmutableArray<string> path) =>
        path.IsEmpty ? 1 : 1 + await GrainFactory.GetGrain<IChainGrain>(path[0]).InterleavedCall(path[1..]);

    public async Task<int> ReadOnlyCall(ImmutableArray<string> path, bool writeLast)
    {
        if (path.IsEmpty) return 1;
        var next = GrainFactory.GetGrain<IChainGrain>(path[0]);
        return 1 + (path.Length == 1 && writeLast ? await next.Call([]) : await next.ReadOnlyCall(path[1..], writeLast));
    }

    public async Task StartCallBackAndStayBusy(string other)
    {
        await GrainFactory.GetGrain<IChainGrain>(other).CallBack(this.GetPrimaryKeyString());
        await Task.Delay(300);
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

    public Task Hang() => _released.Task;

    public Task Release()
    {
        _released.TrySetResult();
        return Task.CompletedTask;
    }

    public Task CallHanging(string other) => GrainFactory.GetGrain<IChainGrain>(other).Hang();
}

[GrainType("test-reentrant-chain")]
[Reentrant]
public sealed class ReentrantChainGrain : Grain, IReentrantChainGrain
{
    public async Task<int> Call(ImmutableArray<string> path) =>
        path.IsEmpty ? 1 : 1 + await GrainFactory.GetGrain<IReentrantChainGrain>(path[0]).Call(path[1..]);
}
