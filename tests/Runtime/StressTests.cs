using Journal.Tests.Infrastructure;
using Journal.Tests.Runtime.Grains;

namespace Journal.Tests.Runtime;

/// <summary>Concurrency stress: no lost update on one grain, no lost call across many.</summary>
public sealed class StressTests : RuntimeTest
{
    [Fact]
    public async Task A_thousand_concurrent_increments_on_one_grain_end_at_exactly_a_thousand()
    {
        var grain = Silo.Grains.GetGrain<ICounterGrain>(Guid.NewGuid());

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => grain.Increment())));

        Assert.Equal(1000, await grain.Get());
        Assert.Equal(Enumerable.Range(1, 1000), results.Order()); // every increment saw a distinct value
    }

    [Fact]
    public async Task Ten_thousand_grains_called_concurrently_lose_nothing()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => Guid.NewGuid()).ToArray();

        await Task.WhenAll(ids.SelectMany(id => new[] { id, id }).Select(id => Task.Run(() => Silo.Grains.GetGrain<ICounterGrain>(id).Increment())));

        var counts = await Task.WhenAll(ids.Select(id => Silo.Grains.GetGrain<ICounterGrain>(id).Get()));
        Assert.All(counts, c => Assert.Equal(2, c));
        Assert.Equal(10_000, Silo.Runtime.ActivationCount);
    }
}
