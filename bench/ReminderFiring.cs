using System.Diagnostics;
using Journal.Bench.Grains;
using Journal.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Bench;

/// <summary>
/// The firing delay of durable reminders on PostgreSQL: how long after its due time a reminder's tick
/// turn starts. <c>reminders burst N</c>: N reminders of N grains due at the same instant (a daily
/// 08:00 shared by many users); <c>reminders spread N S</c>: N reminders due evenly over S seconds.
/// Prints p50, p99 and the maximum delay, and for a burst how long the last one took.
/// </summary>
internal static class ReminderFiring
{
    public static async Task RunAsync(string mode, int count, int seconds)
    {
        var probe = new FiringProbe();
        await using var silo = await BenchSilo.OnPostgresAsync(runtime => runtime
            .AddGrains(typeof(BenchReminderGrain))
            .AddPostgresReminders()
            .Services.AddSingleton(probe));
        var grains = Enumerable.Range(0, count).Select(i => silo.Runtime.GetGrain<IBenchReminderGrain>($"reminder-{i}")).ToArray();
        // Registered well ahead, so registering does not overlap firing.
        var start = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(5) + TimeSpan.FromMilliseconds(count);
        var spread = mode == "burst" ? TimeSpan.Zero : TimeSpan.FromSeconds(seconds);
        var registering = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => await grains[i].Schedule(start + spread * i / count));
        Console.WriteLine($"registered {count} reminders in {registering.Elapsed.TotalMilliseconds:F0} ms");

        var deadline = start + spread + TimeSpan.FromMinutes(2);
        while (probe.Count < count && DateTimeOffset.UtcNow < deadline) await Task.Delay(50);
        var delays = probe.Delays();
        if (delays.Count < count) Console.WriteLine($"only {delays.Count} of {count} fired within 2 minutes");
        Console.WriteLine($"{mode}: {delays.Count} fired; delay after due p50 {Ms(delays, 0.50)} ms, p99 {Ms(delays, 0.99)} ms, max {delays[^1].TotalMilliseconds:F1} ms");
    }

    private static string Ms(List<TimeSpan> sorted, double quantile) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)].TotalMilliseconds.ToString("F1");
}
