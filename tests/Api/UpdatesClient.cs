using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Journal.Grains.Realtime;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Journal.Tests.Api;

/// <summary>
/// A device's connection to <c>/hubs/updates</c> through Microsoft.AspNetCore.SignalR.Client, as an app
/// holds it: negotiation, then a WebSocket. The in-memory test server is reached through its own
/// handler and WebSocket client; the hub, auth, grains and database are the real ones.
/// </summary>
internal sealed class UpdatesClient : IAsyncDisposable
{
    public const string Path = "/hubs/updates";

    private static readonly string[] Events =
        [UserUpdateEvents.StreakUpdated, UserUpdateEvents.GardenUpdated, UserUpdateEvents.ReminderDue, UserUpdateEvents.Notification];

    private readonly HubConnection _connection;
    private readonly Channel<(string Event, JsonObject Payload)> _received = Channel.CreateUnbounded<(string, JsonObject)>();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private UpdatesClient(HubConnection connection)
    {
        _connection = connection;
        foreach (var name in Events)
            connection.On<JsonElement>(name, payload => _received.Writer.TryWrite((name, JsonNode.Parse(payload.GetRawText())!.AsObject())));
        connection.Closed += _ =>
        {
            _closed.TrySetResult();
            return Task.CompletedTask;
        };
    }

    public static Task<UpdatesClient> ConnectAsync(ApiFactory api, string accessToken) => StartAsync(new HubConnectionBuilder()
        .WithUrl(new Uri(api.Server.BaseAddress, Path), options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
            options.HttpMessageHandlerFactory = _ => api.Server.CreateHandler();
            options.WebSocketFactory = async (context, cancellationToken) =>
            {
                var client = api.Server.CreateWebSocketClient();
                client.ConfigureRequest = request => request.Headers.Authorization = $"Bearer {accessToken}";
                return await client.ConnectAsync(context.Uri, cancellationToken);
            };
        })
        .Build());

    /// <summary>Connects to the hub of a node listening on <paramref name="node"/> (a process of its own).</summary>
    public static Task<UpdatesClient> ConnectAsync(Uri node, string accessToken) => StartAsync(new HubConnectionBuilder()
        .WithUrl(new Uri(node, Path), options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
        })
        .Build());

    // StartAsync returns at the handshake, before the hub's OnConnectedAsync has subscribed this node to
    // the user's pushes and SignalR has registered the connection: a push raised meanwhile is not for it.
    // SignalR dispatches invocations only once OnConnectedAsync finished, so the answer to one (the hub
    // has no methods: an error) means the connection is fully set up.
    private static async Task<UpdatesClient> StartAsync(HubConnection connection)
    {
        var updates = new UpdatesClient(connection);
        await connection.StartAsync();
        await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("connected"));
        return updates;
    }

    /// <summary>The payload of the next <paramref name="name"/> event; fails if none arrives in time.</summary>
    public async Task<JsonObject> WaitForAsync(string name, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var seen = new List<string>();
        while (await TryReadAsync(deadline - DateTime.UtcNow) is (var received, var payload))
        {
            if (received == name) return payload;
            seen.Add($"{received} {payload.ToJsonString()}");
        }
        Assert.Fail($"No '{name}' within {within.TotalMilliseconds} ms; other events: [{string.Join(", ", seen)}]");
        return null!;
    }

    /// <summary>The next event, or null when none arrives in time.</summary>
    public async Task<(string Event, JsonObject Payload)?> TryReadAsync(TimeSpan within)
    {
        if (within <= TimeSpan.Zero) return _received.Reader.TryRead(out var ready) ? ready : null;
        using var timeout = new CancellationTokenSource(within);
        try
        {
            return await _received.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Whether the server ends the connection within the time.</summary>
    public async Task<bool> ClosedWithinAsync(TimeSpan within) =>
        await Task.WhenAny(_closed.Task, Task.Delay(within)) == _closed.Task;

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
