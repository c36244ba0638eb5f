using Journal.Bench.Grains;

namespace Journal.Bench;

/// <summary>
/// (e) Memory held per idle activation: managed heap after activating N grains minus before, per
/// grain, on an in-memory Orleans silo. The grain's own fields are counted in; PingGrain has one int.
/// </summary>
internal static class MemoryPerActivation
{
    public static async Task RunAsync(int count)
    {
        await using var silo = await BenchSilo.InMemoryAsync();
        // One activation before the count: the first call of a grain type builds what Orleans keeps once
        // per type (activator, invokers, codecs), which belongs to no activation.
        await silo.Grains.GetGrain<IPingGrain>(Guid.NewGuid()).Ping();
        var keys = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        var references = keys.Select(k => silo.Grains.GetGrain<IPingGrain>(k)).ToArray();
        // The references, keys and their strings belong to the caller, not the activations: make them first.
        var before = Settle();
        foreach (var chunk in references.Chunk(10_000)) await Task.WhenAll(chunk.Select(r => r.Ping()));
        var after = Settle();
        var activations = await silo.Grains.GetGrain<IManagementGrain>(0).GetTotalActivationCount();
        Console.WriteLine($"activations: {activations:N0} (Orleans' count, its own system grains included)");
        Console.WriteLine($"managed heap: {before / 1024.0 / 1024:N1} MiB before, {after / 1024.0 / 1024:N1} MiB after");
        Console.WriteLine($"bytes per idle activation: {(after - before) / (double)count:N0}");
        GC.KeepAlive(references);
    }

    private static long Settle()
    {
        for (var i = 0; i < 3; i++) GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
