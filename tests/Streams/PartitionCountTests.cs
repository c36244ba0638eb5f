using Journal.Runtime;
using Journal.Tests.Infrastructure;
using Journal.Tests.Streams.Grains;

namespace Journal.Tests.Streams;

/// <summary>
/// A stream's events must stay in one partition, so the partition count may change only once
/// everything hashed with the old count is delivered. Its own database: the count is per database.
/// </summary>
public sealed class PartitionCountTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private readonly StreamLog _log = new();

    private TestRuntime StartSilo(Action<StreamProviderOptions>? streams = null) => StreamTestSilo.Start(database.ConnectionString, _log, streams);

    [Fact]
    public async Task A_changed_partition_count_is_refused_while_events_hashed_with_the_old_one_are_undelivered()
    {
        await using (var before = StartSilo(o => o.Partitions = 4))
        {
            await before.Grains.GetGrain<IProducerGrain>("repartitioned").Produce(3);
            await before.WaitForApplied("repartitioned", 3);
            await before.Runtime.StopAsync();
            await before.Provider().GetStream<TestEvent>(StreamId.Create(ProducerGrain.Namespace, "repartitioned"))
                .OnNextAsync(new TestEvent("repartitioned", 4)); // undelivered, in one of 4 partitions
        }

        await using (var changed = StartSilo(o => o.Partitions = 8))
        {
            var fault = Assert.Single(changed.Runtime.Faults);
            Assert.Contains("Streams:Partitions is 8 but the undelivered events of stream provider 'default' were hashed into 4 partitions", fault);
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => changed.Runtime.GetStreamProvider()
                .GetStream<TestEvent>(StreamId.Create(ProducerGrain.Namespace, "repartitioned")).OnNextAsync(new TestEvent("repartitioned", 99)));
            Assert.Equal(fault, refused.Message); // publishing with the new count would split the stream
        }

        await using (var again = StartSilo(o => o.Partitions = 4))
            await again.WaitForApplied("repartitioned", 4); // delivered with the old count

        await using var drained = StartSilo(o => o.Partitions = 8);
        await drained.Runtime.GetStreamProvider().GetStream<TestEvent>(StreamId.Create(ProducerGrain.Namespace, "repartitioned"))
            .OnNextAsync(new TestEvent("repartitioned", 5));
        await drained.WaitForApplied("repartitioned", 5); // once everything was delivered, the new count is adopted
        Assert.Empty(drained.Runtime.Faults);
        Assert.Equal(StreamTestSilo.Numbers(5), await drained.Grains.GetGrain<IRecorderGrain>("repartitioned").Applied());
    }
}
