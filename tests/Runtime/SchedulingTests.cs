using Journal.Tests.Infrastructure;
using Journal.Tests.Runtime.Grains;

namespace Journal.Tests.Runtime;

/// <summary>Semantic 2: turn-based execution, [Reentrant], [AlwaysInterleave], [ReadOnly], [OneWay].</summary>
public sealed class SchedulingTests : RuntimeTest
{
    [Fact]
    public async Task A_non_reentrant_grain_runs_one_request_at_a_time_start_to_finish()
    {
        var grain = Silo.Grains.GetGrain<ITurnGrain>(Guid.NewGuid());

        var spans = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => grain.Work(15)));

        var ordered = spans.OrderBy(s => s.Start).ToList();
        for (var i = 1; i < ordered.Count; i++)
            Assert.True(ordered[i].Start > ordered[i - 1].End, "a request started before the previous one finished");
        var stats = await grain.Stats();
        Assert.Equal(1, stats.MaxInside);
        Assert.Equal(1, stats.MaxParallel);
    }

    [Fact]
    public async Task A_reentrant_grain_interleaves_at_awaits_but_never_runs_in_parallel()
    {
        var grain = Silo.Grains.GetGrain<IReentrantTurnGrain>(Guid.NewGuid());

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => grain.Work(15))));

        var stats = await grain.Stats();
        Assert.True(stats.MaxInside > 1, "requests interleaved");
        Assert.Equal(1, stats.MaxParallel);
        Assert.Equal(50, stats.Completed);
    }

    [Fact]
    public async Task An_AlwaysInterleave_method_runs_while_a_non_reentrant_request_waits()
    {
        var grain = Silo.Grains.GetGrain<ITurnGrain>(Guid.NewGuid());
        var waiting = grain.WaitForRelease();
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        await grain.Release(); // would wait forever behind WaitForRelease without [AlwaysInterleave]

        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ReadOnly_requests_interleave_with_each_other_but_not_with_writes()
    {
        var grain = Silo.Grains.GetGrain<ITurnGrain>(Guid.NewGuid());

        var reads = Enumerable.Range(0, 6).Select(_ => grain.Read(30)).ToList();
        var write = grain.Work(30);
        var spans = await Task.WhenAll(reads);
        var writeSpan = await write;

        var stats = await grain.Stats();
        Assert.True(stats.MaxInside > 1, "read-only requests interleaved");
        Assert.Equal(1, stats.MaxParallel);
        Assert.All(spans, read => Assert.True(read.End < writeSpan.Start || read.Start > writeSpan.End, "a read overlapped the write"));
    }

    [Fact]
    public async Task A_steady_stream_of_read_only_calls_does_not_starve_a_write()
    {
        var grain = Silo.Grains.GetGrain<ITurnGrain>(Guid.NewGuid());
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) await grain.Read(10);
        })).ToList();
        await Task.Delay(100);

        var write = grain.Work(1);
        var finished = await Task.WhenAny(write, Task.Delay(3000));
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.Same(write, finished);
    }

    [Fact]
    public async Task AsyncLocal_values_set_by_one_turn_never_leak_into_the_next()
    {
        var grain = Silo.Grains.GetGrain<IContextGrain>(Guid.NewGuid());

        var found = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => grain.SetAmbient($"turn {i}"))));

        Assert.All(found, Assert.Null);
        Assert.Null(ContextGrain.Ambient.Value);
    }

    [Fact]
    public async Task A_OneWay_call_returns_at_once_and_its_failure_does_not_reach_the_caller()
    {
        var grain = Silo.Grains.GetGrain<ITurnGrain>(Guid.NewGuid());

        var call = grain.FireAndForget(300);
        Assert.True(call.IsCompletedSuccessfully);
        await grain.FailOneWay();

        Assert.Equal(1, (await grain.Stats()).OneWayDone); // Stats queued behind the one-way call
    }
}
