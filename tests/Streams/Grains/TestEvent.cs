namespace Journal.Tests.Streams.Grains;

/// <summary>The event the stream tests publish: the producer's key and its running number (1, 2, 3, …).</summary>
public sealed record TestEvent(string Producer, int Number);
