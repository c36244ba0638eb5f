using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Journal.Tests.CrashHost;

/// <summary>Calls <c>Crash:Producers</c> producer grains ("producer-0", …) in a loop each, as fast as they commit.</summary>
internal sealed class Workload(IGrainFactory grains, IConfiguration configuration) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var producers = configuration.GetValue("Crash:Producers", 0);
        if (producers == 0) return;
        Console.WriteLine("producing");
        await Task.WhenAll(Enumerable.Range(0, producers).Select(async i =>
        {
            var producer = grains.GetGrain<ICrashProducerGrain>($"producer-{i}");
            while (!stoppingToken.IsCancellationRequested) await producer.Produce();
        }));
    }
}
