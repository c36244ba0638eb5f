using System.Diagnostics;
using Journal.Bench.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Bench;

/// <summary>
/// The firing delay of durable reminders on PostgreSQL: how long after its due time a reminder's tick
/// turn starts. <c>reminders burst N</c>: N reminders of N grains due at the same instant (a daily
/// 08:00 shared by many users); <c>reminders spread N S</c>: N reminders due evenly over S seconds.
/// Prints p50, p99 and the maximum delay, and for a burst how long the last one took. The silo is the
/// product's (Orleans' reminder service on the ADO.NET reminder table); each tick unregisters its
/// once-reminder, as the product's grains do.
/// </summary>
internal static class ReminderFiring
{
    public static async Task RunAsync(string mode, int count, int seconds)
    {
        var probe = new FiringProbe();
        // The product's retry period for once-reminders: far longer than a burst takes, so a reminder
        // ticks once before its grain unregisters it (a second tick would not be counted anyway).
        await using var silo = await BenchSilo.OnPostgresAsync(builder => builder.Services.AddSingleton(probe),
            new Dictionary<string, string> { ["Reminders:MinimumPeriod"] = "00:01:00" });
        var grains = Enumerable.Range(0, count).Select(i => silo.Grains.GetGrain<IBenchReminderGrain>($"reminder-{i}")).ToArray();
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
