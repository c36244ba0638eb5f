using Journal.Runtime;
using Journal.Tests.Infrastructure;
using Journal.Tests.Streams.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Tests.Streams;

/// <summary>Starts test runtimes with the stream test grains and a stream provider.</summary>
internal static class StreamTestSilo
{
    /// <summary>
    /// A runtime on <paramref name="postgres"/> (PostgreSQL storage and streams) or in memory when
    /// null. Retries are quick so failure tests stay short.
    /// </summary>
    public static TestRuntime Start(string? postgres, StreamLog log, Action<StreamProviderOptions>? streams = null) =>
        TestRuntime.Start(postgres: postgres, configure: runtime =>
        {
            runtime.Services.AddSingleton(log);
            void Configure(StreamProviderOptions options)
            {
                options.RetryDelay = TimeSpan.FromMilliseconds(20);
                streams?.Invoke(options);
            }
            if (postgres is null) runtime.AddMemoryStreams(configure: Configure);
            else runtime.AddPostgresStreams(configure: Configure);
        }, extraGrains: [typeof(ProducerGrain), typeof(RecorderGrain)]);

    internal static StreamProvider Provider(this TestRuntime silo) => (StreamProvider)silo.Runtime.GetStreamProvider();

    /// <summary>Waits until the recorder of <paramref name="producer"/> has applied exactly 1..<paramref name="count"/>.</summary>
    public static Task WaitForApplied(this TestRuntime silo, string producer, int count, int timeoutMs = 15_000) =>
        Eventually.True(async () => (await silo.Grains.GetGrain<IRecorderGrain>(producer).Applied()).Count >= count,
            $"{producer}'s recorder applies {count} events", timeoutMs);

    public static IEnumerable<int> Numbers(int count) => Enumerable.Range(1, count);
}
