using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Journal.Tests.Api;

/// <summary>
/// A SignalR JSON-protocol connection to <c>/hubs/updates</c> over a real WebSocket, spoken by hand
/// (the SignalR client package does not restore here): frames are split on the record separator 0x1E.
/// The in-memory test server cannot be reached by ClientWebSocket, so the TestHost WebSocketClient is used.
/// </summary>
internal sealed class HubConnection : IAsyncDisposable
{
    public const string Path = "/hubs/updates";
    private const char RecordSeparator = '\u001e';

    private readonly WebSocket _socket;
    private readonly StringBuilder _buffer = new();
    private readonly Queue<string> _frames = new();
    private Task<WebSocketReceiveResult>? _pendingReceive;
    private readonly byte[] _receiveBuffer = new byte[16 * 1024];

    private HubConnection(WebSocket socket) => _socket = socket;

    public static async Task<HubConnection> ConnectAsync(ApiFactory api, string accessToken)
    {
        var client = api.Server.CreateWebSocketClient();
        var socket = await client.ConnectAsync(new Uri($"ws://localhost{Path}?access_token={Uri.EscapeDataString(accessToken)}"), CancellationToken.None);
        var connection = new HubConnection(socket);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}" + RecordSeparator), WebSocketMessageType.Text, true, CancellationToken.None);
        var handshake = await connection.ReadFrameAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("{}", handshake);
        return connection;
    }

    /// <summary>The next invocation (type 1) of <paramref name="target"/>; fails if none arrives in time.</summary>
    public async Task<JsonObject> WaitForInvocationAsync(string target, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var seen = new List<string>();
        while (DateTime.UtcNow < deadline)
        {
            var invocation = await TryReadInvocationAsync(deadline - DateTime.UtcNow);
            if (invocation is null) break;
            if ((string?)invocation["target"] == target) return invocation;
            seen.Add(invocation.ToJsonString());
        }
        Assert.Fail($"No '{target}' invocation within {within.TotalMilliseconds} ms; other invocations: [{string.Join(", ", seen)}]");
        return null!;
    }

    /// <summary>The next invocation (pings skipped), or null when none arrives in time.</summary>
    public async Task<JsonObject?> TryReadInvocationAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            var frame = await ReadFrameAsync(deadline - DateTime.UtcNow);
            if (frame is null) return null;
            var message = JsonNode.Parse(frame)!.AsObject();
            switch ((int)message["type"]!)
            {
                case 1: return message;
                case 6: continue; // ping
                case 7: Assert.Fail($"The server closed the hub connection: {frame}"); break;
                default: continue;
            }
        }
        return null;
    }

    /// <summary>Whether the server ends the connection (a close message, or the socket closing) within the time.</summary>
    public async Task<bool> ClosedWithinAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        try
        {
            while (DateTime.UtcNow < deadline)
            {
                var frame = await ReadFrameAsync(deadline - DateTime.UtcNow);
                if (frame is null) return false;
                if ((int)JsonNode.Parse(frame)!["type"]! == 7) return true;
            }
            return false;
        }
        catch (Exception e) when (e is InvalidOperationException or WebSocketException)
        {
            return true;
        }
    }

    private async Task<string?> ReadFrameAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (_frames.Count == 0)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero) return null;
            // A receive that timed out stays pending and is picked up by the next read (no data is lost).
            _pendingReceive ??= _socket.ReceiveAsync(_receiveBuffer, CancellationToken.None);
            var finished = await Task.WhenAny(_pendingReceive, Task.Delay(remaining));
            if (finished != _pendingReceive) return null;
            var result = await _pendingReceive;
            _pendingReceive = null;
            if (result.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException($"The hub closed the WebSocket: {result.CloseStatus} {result.CloseStatusDescription}");
            _buffer.Append(Encoding.UTF8.GetString(_receiveBuffer, 0, result.Count));
            var text = _buffer.ToString();
            var end = text.LastIndexOf(RecordSeparator);
            if (end < 0) continue;
            foreach (var frame in text[..end].Split(RecordSeparator)) _frames.Enqueue(frame);
            _buffer.Clear().Append(text[(end + 1)..]);
        }
        return _frames.Dequeue();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The server may already be gone; the socket is disposed either way.
        }
        _socket.Dispose();
    }
}
