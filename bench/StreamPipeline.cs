using System.Diagnostics;
using Journal.Bench.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Bench;

/// <summary>
/// (f) Producer grains → PostgreSQL (outbox) → pulling agents → consumer grains, end to end.
/// <c>streams throughput</c>: producers publish as fast as they commit; prints events/s produced and
/// applied, and the consumers' batch size. <c>streams latency</c>: a paced 1,000 events/s; prints
/// the latency from a producer's commit to the consumer turn that sees the event.
/// </summary>
internal static class StreamPipeline
{
    public static async Task RunAsync(string mode, int seconds, int producers, int perCommit, int rate)
    {
        var probe = new PipelineProbe();
        // The product's silo: outbox stream provider "default" with the Streams section's settings (8 partitions by default).
        await using var silo = await BenchSilo.OnPostgresAsync(builder => builder.Services.AddSingleton(probe));
        var grains = Enumerable.Range(0, producers).Select(i => silo.Grains.GetGrain<IBenchProducerGrain>($"producer-{i}")).ToArray();
        await Task.WhenAll(grains.Select(g => g.Produce(1))); // activate producers and consumers
        await WaitUntilApplied(probe, producers);
        probe.DrainLatencies();

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var appliedBefore = probe.AppliedCount;
        var batchesBefore = probe.Batches;
        var produced = 0L;
        var clock = Stopwatch.StartNew();
        if (mode == "throughput")
        {
            await Task.WhenAll(grains.Select(async grain =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await grain.Produce(perCommit);
                    Interlocked.Add(ref produced, perCommit);
                }
            }));
        }
        else
        {
            // Paced: every millisecond tick sends what the rate owes by now, round-robin over the producers.
            var next = 0;
            while (!stop.IsCancellationRequested)
            {
                var owed = (long)(clock.Elapsed.TotalSeconds * rate) - produced;
                for (var i = 0; i < owed; i += perCommit, produced += perCommit) _ = grains[next++ % grains.Length].Produce(perCommit);
                await Task.Delay(1);
            }
        }
        var producedSeconds = clock.Elapsed.TotalSeconds;
        var appliedInWindow = probe.AppliedCount - appliedBefore;
        var batches = probe.Batches - batchesBefore;
        await WaitUntilApplied(probe, appliedBefore + produced);
        var drainSeconds = clock.Elapsed.TotalSeconds;
        var latencies = probe.DrainLatencies();

        Console.WriteLine($"mode {mode}: {producers} producer grains, {perCommit} event(s) per producer commit, {producedSeconds:N1} s");
        Console.WriteLine($"produced (committed): {produced:N0} events = {produced / producedSeconds:N0} events/s");
        Console.WriteLine($"applied during the run: {appliedInWindow:N0} events = {appliedInWindow / producedSeconds:N0} events/s, in {batches:N0} consumer batches ({appliedInWindow / (double)Math.Max(1, batches):N1} events per batch)");
        Console.WriteLine($"all applied after {drainSeconds:N1} s = {produced / drainSeconds:N0} events/s end to end");
        Console.WriteLine($"commit → consumer turn: p50 {Percentile(latencies, 0.50):N1} ms, p90 {Percentile(latencies, 0.90):N1} ms, p99 {Percentile(latencies, 0.99):N1} ms (n = {latencies.Length:N0})");
    }

    private static async Task WaitUntilApplied(PipelineProbe probe, long count)
    {
        while (probe.AppliedCount < count) await Task.Delay(5);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, p * sorted.Length)];
}
