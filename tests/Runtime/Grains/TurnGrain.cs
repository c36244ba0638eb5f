using Journal.Runtime;

namespace Journal.Tests.Runtime.Grains;

/// <summary>Requests that measure how they overlap; shared by a non-reentrant and a reentrant grain.</summary>
public interface ITurnOperations
{
    /// <summary>Awaits <paramref name="delayMs"/> (yielding the thread) and returns when it started and ended.</summary>
    Task<TurnSpan> Work(int delayMs);

    [ReadOnly] Task<TurnSpan> Read(int delayMs);

    /// <summary>Blocks until <see cref="Release"/> is called.</summary>
    Task WaitForRelease();

    [AlwaysInterleave] Task Release();

    [OneWay] Task FireAndForget(int delayMs);

    [OneWay] Task FailOneWay();

    [ReadOnly] Task<TurnStats> Stats();

    /// <summary>Never answers (for the response timeout).</summary>
    Task Hang();
}

public interface ITurnGrain : ITurnOperations, IGrainWithGuidKey;

public interface IReentrantTurnGrain : ITurnOperations, IGrainWithGuidKey;

public sealed record TurnSpan(long Start, long End);

/// <summary>Most requests inside at once, and most inside a synchronous section at once (parallelism).</summary>
public sealed record TurnStats(int MaxInside, int MaxParallel, int Completed, int OneWayDone);

public abstract class TurnGrainBase(GrainEvents events) : ReportingGrain(events), ITurnOperations
{
    private readonly TaskCompletionSource _release = new();
    private int _inside, _maxInside, _parallel, _maxParallel, _completed, _oneWayDone;
    private static long s_clock;

    public async Task<TurnSpan> Work(int delayMs)
    {
        var start = Enter();
        for (var i = 0; i < 3; i++)
        {
            Exit(parallelOnly: true);
            await Task.Delay(delayMs / 3 + 1);
            EnterSection();
        }
        Exit();
        return new TurnSpan(start, Interlocked.Increment(ref s_clock));
    }

    public Task<TurnSpan> Read(int delayMs) => Work(delayMs);

    public Task WaitForRelease() => _release.Task;

    public Task Release()
    {
        _release.TrySetResult();
        return Task.CompletedTask;
    }

    public async Task FireAndForget(int delayMs)
    {
        await Task.Delay(delayMs);
        _oneWayDone++;
    }

    public Task FailOneWay() => throw new InvalidOperationException("one-way failure");

    public Task<TurnStats> Stats() => Task.FromResult(new TurnStats(_maxInside, _maxParallel, _completed, _oneWayDone));

    public Task Hang() => new TaskCompletionSource().Task;

    private long Enter()
    {
        _maxInside = Math.Max(_maxInside, Interlocked.Increment(ref _inside));
        EnterSection();
        return Interlocked.Increment(ref s_clock);
    }

    // A synchronous section: between two awaits. Two of them at once would be parallel execution.
    private void EnterSection()
    {
        _maxParallel = Math.Max(_maxParallel, Interlocked.Increment(ref _parallel));
        Thread.SpinWait(2000); // widen the window in which a second thread would be caught
    }

    private void Exit(bool parallelOnly = false)
    {
        Interlocked.Decrement(ref _parallel);
        if (parallelOnly) return;
        Interlocked.Decrement(ref _inside);
        _completed++;
    }
}

public sealed class TurnGrain(GrainEvents events) : TurnGrainBase(events), ITurnGrain;

[Reentrant]
public sealed class ReentrantTurnGrain(GrainEvents events) : TurnGrainBase(events), IReentrantTurnGrain;
