using System.Text.Json;
using Journal.Persistence.Storage;
using Orleans.Streams;

namespace Journal.Persistence.Streams;

/// <summary>
/// One event read from the outbox, as Orleans carries it to the consumers. The payload stays JSON
/// until the consumer asks for its declared type, so a polymorphic event keeps its discriminator.
/// </summary>
[GenerateSerializer, Immutable, Alias("journal.outbox-event")]
public sealed class OutboxBatchContainer(StreamId streamId, OutboxSequenceToken token, string eventType, string payload, DateTimeOffset createdAt)
    : IBatchContainer
{
    [Id(0)] public StreamId StreamId { get; } = streamId;

    [Id(1)] public OutboxSequenceToken Token { get; } = token;

    [Id(2)] public string EventType { get; } = eventType;

    [Id(3)] public string Payload { get; } = payload;

    /// <summary>When it was inserted (the delivery-lag metric).</summary>
    [Id(4)] public DateTimeOffset CreatedAt { get; } = createdAt;

    public StreamSequenceToken SequenceToken => Token;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        var item = JsonSerializer.Deserialize<T>(Payload, GrainStateJson.Options)
            ?? throw new JsonException($"Event {Token} of {StreamId} is null.");
        return [Tuple.Create(item, (StreamSequenceToken)Token)];
    }

    // Events carry no request context: a delivery starts a call chain of its own.
    public bool ImportRequestContext() => false;

    public override string ToString() => $"{StreamId} {Token} {EventType}";
}
