using System.Net;
using System.Net.Sockets;

namespace Journal.Bench.OpenLoad;

/// <summary>
/// One keep-alive HTTP/1.1 connection with at most one request outstanding, driven by its thread's
/// poll loop (<see cref="LoadThread"/>): <see cref="Send"/>, then <see cref="Receive"/> each time the
/// socket is readable until a whole response is in. Opened on first use and again after a failure.
/// </summary>
internal sealed class HttpConnection(EndPoint server) : IDisposable
{
    private byte[] _buffer = new byte[16 * 1024];
    private int _received;

    /// <summary>The open socket, or null before the first request and after a failure.</summary>
    public Socket? Socket { get; private set; }

    public void Send(byte[] request)
    {
        if (Socket is null)
        {
            Socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            Socket.Connect(server);
        }
        for (var sent = 0; sent < request.Length;) sent += Socket.Send(request, sent, request.Length - sent, SocketFlags.None);
    }

    /// <summary>Takes what arrived (call only when the socket is readable): the status once the whole response is in, else null.</summary>
    public int? Receive()
    {
        if (_received == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var count = Socket!.Receive(_buffer, _received, _buffer.Length - _received, SocketFlags.None);
        if (count == 0) throw new IOException("The server closed the connection.");
        _received += count;
        if (!HttpResponse.TryRead(_buffer.AsSpan(0, _received), out var status, out var close)) return null;
        _received = 0; // one request at a time: nothing follows the response
        if (close) Dispose();
        return status;
    }

    /// <summary>Closes the socket; the next request opens a new one.</summary>
    public void Dispose()
    {
        Socket?.Dispose();
        Socket = null;
        _received = 0;
    }
}
