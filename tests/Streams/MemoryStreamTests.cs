using Journal.Runtime;
using Journal.Tests.Infrastructure;
using Journal.Tests.Streams.Grains;
using Journal.Tests.Streams.InvalidGrains;

namespace Journal.Tests.Streams;

/// <summary>The in-memory stream provider (for grain tests without a database) follows the same delivery rules.</summary>
public sealed class MemoryStreamTests
{
    private readonly StreamLog _log = new();

    [Fact]
    public async Task Events_published_with_a_state_write_are_delivered_once_it_commits()
    {
        await using var silo = StreamTestSilo.Start(postgres: null, _log);

        await silo.Grains.GetGrain<IProducerGrain>("memory").Produce(30);

        await silo.WaitForApplied("memory", 30);
        Assert.Equal(StreamTestSilo.Numbers(30), await silo.Grains.GetGrain<IRecorderGrain>("memory").Applied());
    }

    [Fact]
    public async Task A_failing_event_is_retried_then_dead_lettered()
    {
        _log.FailNumber(2, int.MaxValue);
        await using var silo = StreamTestSilo.Start(postgres: null, _log, o => o.MaxDeliveryAttempts = 3);

        await silo.Grains.GetGrain<IProducerGrain>("memory-poison").Produce(3);

        await silo.WaitForApplied("memory-poison", 2);
        Assert.Equal([1, 3], await silo.Grains.GetGrain<IRecorderGrain>("memory-poison").Applied());
        Assert.Equal(3, Assert.Single(await silo.Runtime.GetStreamProvider().GetDeadLettersAsync()).Attempts);
    }

    [Fact]
    public async Task A_subscription_the_grain_cannot_receive_stops_the_start()
    {
        var error = Assert.Throws<GrainTypeValidationException>(() => TestRuntime.Start(
            configure: runtime => runtime.AddMemoryStreams(), extraGrains: typeof(UnsubscribableGrain)));

        Assert.Contains("UnsubscribableGrain subscribes to stream namespace 'orphans' but implements no IStreamSubscriber<T>", error.Message);
    }
}
