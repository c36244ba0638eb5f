using Journal.Persistence.Streams;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Xunit;

namespace Journal.Tests.Providers;

/// <summary>
/// The outbox's sequence token keeps its position once made; one that crossed silos (Orleans'
/// serializer) must still have the position it was sent with, and order as it did.
/// </summary>
public sealed class OutboxSequenceTokenTests
{
    private readonly Serializer _serializer = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(OutboxSequenceToken).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    [Fact]
    public void A_token_sent_across_silos_keeps_its_position_and_order()
    {
        var sent = new OutboxSequenceToken(new OutboxPosition(2, 1_000_042, 7), replayFor: "progress/abc");
        _ = sent.Position; // made before sending: the copy must not depend on it

        var received = Assert.IsType<OutboxSequenceToken>(_serializer.Deserialize<OutboxSequenceToken>(_serializer.SerializeToArray(sent)));

        Assert.Equal(new OutboxPosition(2, 1_000_042, 7), received.Position);
        Assert.Equal("progress/abc", received.ReplayFor);
        Assert.True(received.Equals(sent));
        Assert.Equal(0, received.CompareTo(sent));
        Assert.True(received.CompareTo(new OutboxSequenceToken(new OutboxPosition(2, 1_000_042, 8))) < 0);
        Assert.True(received.CompareTo(new OutboxSequenceToken(new OutboxPosition(2, 1_000_041, 99))) > 0);
    }
}
