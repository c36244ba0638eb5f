namespace Journal.Runtime;

/// <summary>
/// One delivered event with its position in the stream. <paramref name="IsReplay"/> marks a dead
/// letter delivered again on request: it is older than events delivered since, yet was never applied.
/// </summary>
public sealed record StreamItem<T>(T Item, StreamSequenceToken Token, bool IsReplay = false);
