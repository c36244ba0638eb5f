using System.Text.Json;

namespace Journal.Runtime;

/// <summary>How events are written to and read from the log: JSON as the declared event type, so polymorphic event records keep their discriminator.</summary>
internal static class StreamJson
{
    public static string Serialize<T>(T item) => JsonSerializer.Serialize(item, GrainStateJson.Options);

    public static StreamItem<T> Decode<T>(StoredEvent stored) =>
        new(JsonSerializer.Deserialize<T>(stored.Payload, GrainStateJson.Options)
            ?? throw new JsonException($"Event {stored.Token} of {stored.Stream} is null."), stored.Token, stored.IsReplay);
}
