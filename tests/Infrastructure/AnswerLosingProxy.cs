using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Journal.Tests.Infrastructure;

/// <summary>
/// A TCP proxy in front of the PostgreSQL server that behaves like a pooler losing its server
/// connection: a request whose bytes carry <see cref="Marker"/> reaches the server and runs there,
/// but its client is answered with a connection error (FATAL, SQLSTATE 08006) instead of the results,
/// and the connection is closed. Every other byte passes through unchanged.
/// </summary>
public sealed class AnswerLosingProxy : IAsyncDisposable
{
    /// <summary>Text a request must carry (e.g. in a parameter) to have its answer lost.</summary>
    public const string Marker = "lose-this-answer";

    private static readonly byte[] s_marker = Encoding.UTF8.GetBytes(Marker);

    // Protocol 3 (its major version in the high 16 bits), which the StartupMessage asks for; the startup
    // phase's other messages carry a request code there instead (1234 in the high bits).
    private const int StartupProtocolMajor = 3;

    // The messages that make up an extended-protocol request until its Sync: Parse, Bind, Describe, Execute, Close.
    private const string RequestParts = "PBDEC";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly string _serverHost;
    private readonly int _serverPort;
    private int _answersLost;

    public AnswerLosingProxy(string connectionString)
    {
        var server = new NpgsqlConnectionStringBuilder(connectionString);
        _serverHost = server.Host ?? "localhost";
        _serverPort = server.Port;
        _listener.Start();
        // Through the proxy, in clear text so that the marker can be seen.
        ConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Host = "127.0.0.1",
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port,
            SslMode = SslMode.Disable,
        }.ConnectionString;
        _accepting = AcceptAsync();
    }

    /// <summary>The database's connection string, through the proxy.</summary>
    public string ConnectionString { get; }

    /// <summary>How many answers were replaced with a connection error.</summary>
    public int AnswersLost => Volatile.Read(ref _answersLost);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true) connections.Add(RelayAsync(await _listener.AcceptTcpClientAsync(_stop.Token)));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
        await Task.WhenAll(connections);
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var _ = client;
        using var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_serverHost, _serverPort, _stop.Token);
            var connection = new Relay();
            using var closing = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            // When either direction ends, so does the other.
            await Task.WhenAny(
                ToServerAsync(client.GetStream(), server.GetStream(), connection, closing.Token),
                ToClientAsync(server.GetStream(), client.GetStream(), connection, closing.Token));
            closing.Cancel();
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException)
        {
            // A side went away.
        }
    }

    // Forwards the client's messages. The parts of an extended-protocol request (Parse, Bind, Describe,
    // Execute, Close) are held until the message that ends it (Sync) arrives, then sent on together: the
    // server so sees a request only whole, and a request carrying the marker arms the connection before
    // the server can answer any of it. (Npgsql sends a large batch in several writes, and the server
    // starts answering its first commands before it has read the last.)
    private static async Task ToServerAsync(NetworkStream client, NetworkStream server, Relay connection, CancellationToken cancellationToken)
    {
        try
        {
            // The startup phase: messages without a type byte (an SSL or GSS request, then the StartupMessage).
            while (true)
            {
                var untyped = await ReadMessageAsync(client, typed: false, cancellationToken);
                if (untyped is null) return;
                await server.WriteAsync(untyped, cancellationToken);
                if (BinaryPrimitives.ReadInt32BigEndian(untyped.AsSpan(4)) >> 16 == StartupProtocolMajor) break;
            }
            var request = new MemoryStream();
            while (await ReadMessageAsync(client, typed: true, cancellationToken) is { } message)
            {
                request.Write(message);
                if (RequestParts.Contains((char)message[0])) continue;
                var whole = request.ToArray();
                request.SetLength(0);
                if (whole.AsSpan().IndexOf(s_marker) >= 0) connection.Armed = true;
                await server.WriteAsync(whole, cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
        }
    }

    // Reads one whole message (a type byte if typed, then a length that counts itself); null at the end of the stream.
    private static async Task<byte[]?> ReadMessageAsync(NetworkStream stream, bool typed, CancellationToken cancellationToken)
    {
        var header = typed ? 5 : 4;
        var message = new byte[header];
        if (await stream.ReadAtLeastAsync(message, header, throwOnEndOfStream: false, cancellationToken) < header) return null;
        var length = BinaryPrimitives.ReadInt32BigEndian(message.AsSpan(header - 4));
        Array.Resize(ref message, header - 4 + length);
        await stream.ReadExactlyAsync(message.AsMemory(header), cancellationToken);
        return message;
    }

    // Forwards the server's bytes; once armed, swallows the server's messages up to its ReadyForQuery
    // (the request has then run to its end, COMMIT included) and answers with a connection error.
    private async Task ToClientAsync(NetworkStream server, NetworkStream client, Relay connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var swallowed = new List<byte>();
        try
        {
            int read;
            while ((read = await server.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (!connection.Armed)
                {
                    await client.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    continue;
                }
                swallowed.AddRange(buffer.AsSpan(0, read));
                if (!EndsWithReadyForQuery(swallowed)) continue;
                await client.WriteAsync(ConnectionFailure(), cancellationToken);
                Interlocked.Increment(ref _answersLost);
                return;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
        }
    }

    // Walks the messages (a type byte, then a length that counts itself) to see whether the last complete one is 'Z'.
    private static bool EndsWithReadyForQuery(List<byte> messages)
    {
        var bytes = messages.ToArray();
        var offset = 0;
        var last = (byte)0;
        while (offset + 5 <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset + 1));
            if (offset + 1 + length > bytes.Length) break;
            last = bytes[offset];
            offset += 1 + length;
        }
        return last == (byte)'Z';
    }

    // An ErrorResponse as a pooler sends it when its server connection broke.
    private static byte[] ConnectionFailure()
    {
        var fields = new MemoryStream();
        foreach (var (code, value) in new[] { ('S', "FATAL"), ('V', "FATAL"), ('C', "08006"), ('M', "the proxy lost the server's answer") })
        {
            fields.WriteByte((byte)code);
            fields.Write(Encoding.UTF8.GetBytes(value));
            fields.WriteByte(0);
        }
        fields.WriteByte(0);
        var message = new byte[5 + fields.Length];
        message[0] = (byte)'E';
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), 4 + (int)fields.Length);
        fields.ToArray().CopyTo(message, 5);
        return message;
    }

    private sealed class Relay
    {
        private volatile bool _armed;

        public bool Armed { get => _armed; set => _armed = value; }
    }
}
