using System.Net;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Api;

/// <summary>
/// The <c>/hubs/updates</c> SignalR hub, spoken to over a real WebSocket with the JSON protocol by
/// hand (no SignalR client library): authentication, delivery of a user's own updates, and isolation
/// between users. The in-memory test server cannot be reached by ClientWebSocket, so the TestHost
/// WebSocketClient is used; the hub, auth, grains and database are the real ones.
/// </summary>
public sealed class RealtimeTests(PostgresDatabase database) : ApiTest(database)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Creating_an_entry_pushes_streakUpdated_and_gardenUpdated_to_the_users_connection()
    {
        var user = await JournalClient.RegisterAsync(Api);
        await using var hub = await HubConnection.ConnectAsync(Api, user.AccessToken);

        await user.CreateEntryAsync();

        // Both pushes come from the progress grain right after the entry's commit (direct hand-over).
        var streak = await hub.WaitForInvocationAsync("streakUpdated", Delivery);
        var garden = await hub.WaitForInvocationAsync("gardenUpdated", Delivery);
        Assert.Equal(1, (int)streak["arguments"]![0]!["current"]!);
        Assert.NotNull(garden["arguments"]![0]!["plants"]);
    }

    [Fact]
    public async Task A_connection_without_a_token_is_refused()
    {
        var negotiate = await Api.CreateClient().PostAsync($"{HubConnection.Path}/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);

        // The WebSocket upgrade itself (clients that skip negotiation) is refused as well.
        var client = Api.Server.CreateWebSocketClient();
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => client.ConnectAsync(new Uri($"ws://localhost{HubConnection.Path}"), CancellationToken.None));
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);

        // A forged token fares no better.
        var forged = await Assert.ThrowsAnyAsync<Exception>(() =>
            client.ConnectAsync(new Uri($"ws://localhost{HubConnection.Path}?access_token=not.a.token"), CancellationToken.None));
        Assert.Contains("401", forged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_users_connection_does_not_receive_the_update()
    {
        var alice = await JournalClient.RegisterAsync(Api);
        var bob = await JournalClient.RegisterAsync(Api);
        await using var aliceHub = await HubConnection.ConnectAsync(Api, alice.AccessToken);
        await using var bobHub = await HubConnection.ConnectAsync(Api, bob.AccessToken);

        await alice.CreateEntryAsync();

        // Alice's own connection gets it (so the push did happen), then Bob's stays silent a while longer.
        await aliceHub.WaitForInvocationAsync("streakUpdated", Delivery);
        await aliceHub.WaitForInvocationAsync("gardenUpdated", Delivery);
        var leaked = await bobHub.TryReadInvocationAsync(TimeSpan.FromSeconds(1.5));
        Assert.True(leaked is null, $"Bob received Alice's update: {leaked?.ToJsonString()}");
    }

    [Fact]
    public async Task Logging_out_closes_the_sessions_live_connection_and_leaves_other_sessions_open()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var otherDevice = await JournalClient.LoginAsync(Api, user.Username);
        await using var phone = await HubConnection.ConnectAsync(Api, user.AccessToken);
        await using var tablet = await HubConnection.ConnectAsync(Api, otherDevice.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.PostAsync("/v1/auth/logout", null)).StatusCode);

        Assert.True(await phone.ClosedWithinAsync(Delivery), "the logged-out session's connection was not closed");
        await otherDevice.CreateEntryAsync();
        await tablet.WaitForInvocationAsync("streakUpdated", Delivery);
    }
}
