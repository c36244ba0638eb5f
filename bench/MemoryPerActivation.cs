using Journal.Bench.Grains;

namespace Journal.Bench;

/// <summary>
/// (e) Memory held per idle activation: managed heap after activating N grains minus before, per
/// grain. The grain's own fields are counted in; PingGrain has one int.
/// </summary>
internal static class MemoryPerActivation
{
    public static async Task RunAsync(int count)
    {
        await using var silo = BenchSilo.InMemory();
        var keys = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        var references = keys.Select(k => silo.Runtime.GetGrain<IPingGrain>(k)).ToArray();
        // The references, keys and their strings belong to the caller, not the activations: make them first.
        var before = Settle();
        foreach (var chunk in references.Chunk(10_000)) await Task.WhenAll(chunk.Select(r => r.Ping()));
        var after = Settle();
        Console.WriteLine($"activations: {silo.Runtime.ActivationCount:N0}");
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
