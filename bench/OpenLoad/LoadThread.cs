using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HdrHistogram;

namespace Journal.Bench.OpenLoad;

/// <summary>
/// The requests due on some of the connections, sent from one thread that polls their sockets, as wrk
/// does: no task, timer or thread hand-off per request, so the generator takes little of the cores it
/// shares with the server it measures.
/// </summary>
/// <param name="schedule">Which request is due when, and on which connection.</param>
/// <param name="connections">The indexes of this thread's connections.</param>
/// <param name="requests">The requests' bytes, used in turn (request i sends i mod their count).</param>
internal sealed class LoadThread(Schedule schedule, IEnumerable<int> connections, EndPoint server, byte[][] requests)
{
    private sealed class Slot(int index, EndPoint server)
    {
        public HttpConnection Connection { get; } = new(server);
        public long Next { get; set; } = index; // the next request it sends
        public bool Busy { get; set; }
        public long SentAt { get; set; }
        public long LastAnswered { get; set; }
    }

    private readonly Slot[] _slots = [.. connections.Select(index => new Slot(index, server))];

    /// <summary>Latencies in microseconds of the counted requests (after the warm-up), up to 60 s.</summary>
    public LongHistogram Latencies { get; } = new(60_000_000, 3);

    /// <summary>The same by the second they were due in (2 significant digits): whether a tail is one stall or spread out.</summary>
    public LongHistogram[] BySecond { get; } = [.. Enumerable.Range(0, schedule.CountedSeconds).Select(_ => new LongHistogram(60_000_000, 2))];

    /// <summary>Requests that failed, were answered with a status outside 2xx, or were not answered in time.</summary>
    public int Errors { get; private set; }

    /// <summary>Sends every request of its connections when due and reads the answers, until all are done or <paramref name="deadline"/> (a timestamp).</summary>
    public void Run(long deadline)
    {
        // The busy slots and their sockets, in the same order: Select keeps the ready sockets in that order.
        var busy = new List<Slot>(_slots.Length);
        var readable = new List<Socket>(_slots.Length);
        foreach (var slot in _slots) slot.LastAnswered = schedule.Start;
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            var wake = long.MaxValue;
            var active = false;
            busy.Clear();
            readable.Clear();
            foreach (var slot in _slots)
            {
                if (slot.Next >= schedule.Total) continue;
                active = true;
                if (!slot.Busy && schedule.Due(slot.Next) is var due && due > now) wake = Math.Min(wake, due);
                else if (!slot.Busy) Send(slot, now);
                if (!slot.Busy) continue;
                busy.Add(slot);
                readable.Add(slot.Connection.Socket!);
            }
            if (!active) return;
            if (now > deadline)
            {
                Errors += _slots.Sum(slot => (int)Math.Max(0, (schedule.Total - slot.Next + schedule.Connections - 1) / schedule.Connections));
                return;
            }
            // poll(2) counts whole milliseconds: wait at least one, so that the loop never spins.
            var waitMicroseconds = wake == long.MaxValue ? 1000 : (int)Math.Clamp(Math.Ceiling(Stopwatch.GetElapsedTime(now, wake).TotalMilliseconds) * 1000, 1000, 1_000_000);
            if (readable.Count == 0)
            {
                Thread.Sleep(waitMicroseconds / 1000);
                continue;
            }
            Socket.Select(readable, null, null, waitMicroseconds);
            var at = Stopwatch.GetTimestamp();
            var ready = 0;
            foreach (var slot in busy)
                if (ready < readable.Count && readable[ready] == slot.Connection.Socket)
                {
                    ready++;
                    Receive(slot, at);
                }
        }
    }

    private void Send(Slot slot, long now)
    {
        try
        {
            slot.Connection.Send(requests[slot.Next % requests.Length]);
            (slot.Busy, slot.SentAt) = (true, now);
        }
        catch (SocketException)
        {
            Fail(slot, now);
        }
    }

    private void Receive(Slot slot, long at)
    {
        try
        {
            if (slot.Connection.Receive() is not { } status) return;
            if (status is < 200 or > 299) Errors++;
            var due = schedule.Due(slot.Next);
            // From when it was due if its connection was still busy then (the server held it back); else from
            // when it was sent, since lateness of the poll's wake-up is the generator's, not the server's.
            var from = slot.LastAnswered > due ? due : slot.SentAt;
            if (slot.Next >= schedule.WarmUp)
            {
                var latency = Math.Max(1, (long)Stopwatch.GetElapsedTime(from, at).TotalMicroseconds);
                Latencies.RecordValue(latency);
                BySecond[(slot.Next - schedule.WarmUp) / schedule.Rate].RecordValue(latency);
            }
            Done(slot, at);
        }
        catch (Exception e) when (e is IOException or SocketException or FormatException)
        {
            Fail(slot, at);
        }
    }

    private void Fail(Slot slot, long at)
    {
        Errors++;
        slot.Connection.Dispose();
        Done(slot, at);
    }

    private void Done(Slot slot, long at)
    {
        (slot.Busy, slot.LastAnswered) = (false, at);
        slot.Next += schedule.Connections;
    }
}

/// <summary>Request i is due at <see cref="Start"/> + i / rate and goes on connection i mod <see cref="Connections"/> (as in wrk2).</summary>
internal sealed record Schedule(long Start, int Rate, long Total, long WarmUp, int Connections)
{
    /// <summary>The seconds after the warm-up.</summary>
    public int CountedSeconds => (int)((Total - WarmUp) / Rate);

    /// <summary>When request <paramref name="i"/> is due, as a <see cref="Stopwatch"/> timestamp.</summary>
    public long Due(long i) => Start + (long)((double)i * Stopwatch.Frequency / Rate);
}
