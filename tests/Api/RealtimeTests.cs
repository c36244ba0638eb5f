using System.Net;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Api;

/// <summary>
/// The <c>/hubs/updates</c> SignalR hub through the SignalR client (<see cref="UpdatesClient"/>):
/// authentication, delivery of a user's own updates, and isolation between users. The refusals
/// are checked on the raw negotiate request and WebSocket upgrade, as a client skipping negotiation would send them.
/// </summary>
public sealed class RealtimeTests(PostgresDatabase database) : ApiTest(database)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Creating_an_entry_pushes_streakUpdated_and_gardenUpdated_to_the_users_connection()
    {
        var user = await JournalClient.RegisterAsync(Api);
        await using var hub = await UpdatesClient.ConnectAsync(Api, user.AccessToken);

        await user.CreateEntryAsync();

        // Both pushes come from the progress grain right after the entry's commit (direct hand-over).
        var streak = await hub.WaitForAsync("streakUpdated", Delivery);
        var garden = await hub.WaitForAsync("gardenUpdated", Delivery);
        Assert.Equal(1, (int)streak["current"]!);
        Assert.NotNull(garden["plants"]);
    }

    [Fact]
    public async Task A_connection_without_a_token_is_refused()
    {
        var negotiate = await Api.CreateClient().PostAsync($"{UpdatesClient.Path}/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);

        // The WebSocket upgrade itself (clients that skip negotiation) is refused as well.
        var client = Api.Server.CreateWebSocketClient();
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => client.ConnectAsync(new Uri($"ws://localhost{UpdatesClient.Path}"), CancellationToken.None));
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);

        // A forged token fares no better.
        var forged = await Assert.ThrowsAnyAsync<Exception>(() =>
            client.ConnectAsync(new Uri($"ws://localhost{UpdatesClient.Path}?access_token=not.a.token"), CancellationToken.None));
        Assert.Contains("401", forged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_users_connection_does_not_receive_the_update()
    {
        var alice = await JournalClient.RegisterAsync(Api);
        var bob = await JournalClient.RegisterAsync(Api);
        await using var aliceHub = await UpdatesClient.ConnectAsync(Api, alice.AccessToken);
        await using var bobHub = await UpdatesClient.ConnectAsync(Api, bob.AccessToken);

        await alice.CreateEntryAsync();

        // Alice's own connection gets it (so the push did happen), then Bob's stays silent a while longer.
        await aliceHub.WaitForAsync("streakUpdated", Delivery);
        await aliceHub.WaitForAsync("gardenUpdated", Delivery);
        var leaked = await bobHub.TryReadAsync(TimeSpan.FromSeconds(1.5));
        Assert.True(leaked is null, $"Bob received Alice's update: {leaked?.Event} {leaked?.Payload.ToJsonString()}");
    }

    [Fact]
    public async Task Logging_out_closes_the_sessions_live_connection_and_leaves_other_sessions_open()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var otherDevice = await JournalClient.LoginAsync(Api, user.Username);
        await using var phone = await UpdatesClient.ConnectAsync(Api, user.AccessToken);
        await using var tablet = await UpdatesClient.ConnectAsync(Api, otherDevice.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.PostAsync("/v1/auth/logout", null)).StatusCode);

        Assert.True(await phone.ClosedWithinAsync(Delivery), "the logged-out session's connection was not closed");
        await otherDevice.CreateEntryAsync();
        await tablet.WaitForAsync("streakUpdated", Delivery);
    }
}
