using System.Collections.Concurrent;
using Journal.Runtime;

namespace Journal.Tests.Streams.Grains;

/// <summary>What the stream test grains saw (a singleton the tests read), and the failures they are told to raise.</summary>
public sealed class StreamLog
{
    private readonly ConcurrentQueue<(StreamId Stream, int Count)> _batches = new();
    private readonly ConcurrentDictionary<int, int> _failuresLeft = new();
    private readonly ConcurrentDictionary<int, int> _transientFailuresLeft = new();

    public void Delivered(StreamId stream, int count) => _batches.Enqueue((stream, count));

    /// <summary>Delivery calls for <paramref name="stream"/> (redeliveries included) and their sizes.</summary>
    public IReadOnlyList<int> Batches(StreamId stream) => _batches.Where(b => b.Stream == stream).Select(b => b.Count).ToList();

    /// <summary>The event with this number fails this many deliveries (int.MaxValue: always).</summary>
    public void FailNumber(int number, int times) => _failuresLeft[number] = times;

    /// <summary>The event with this number fails this many deliveries with a transient error (as if its grain timed out).</summary>
    public void FailNumberTransiently(int number, int times) => _transientFailuresLeft[number] = times;

    /// <summary>Throws when the event with this number was told to fail.</summary>
    public void ThrowIfTold(int number)
    {
        if (TakeOne(_failuresLeft, number)) throw new InvalidOperationException($"Told to fail on {number}");
        if (TakeOne(_transientFailuresLeft, number)) throw new ResponseTimeoutException($"Told to time out on {number}");
    }

    private static bool TakeOne(ConcurrentDictionary<int, int> failuresLeft, int number)
    {
        while (failuresLeft.TryGetValue(number, out var left) && left > 0)
            if (failuresLeft.TryUpdate(number, left == int.MaxValue ? left : left - 1, left)) return true;
        return false;
    }
}
