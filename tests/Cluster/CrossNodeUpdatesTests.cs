using System.Net;
using Journal.GrainInterfaces.Notifications;
using Journal.Grains.Realtime;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Tests.Cluster;

/// <summary>
/// Two nodes (API + silo each) on one database, one Orleans cluster: a device connected to one node
/// gets the pushes of writes handled by the other, and ending a session on one node closes its
/// connections on the other (issue 14 §2).
/// </summary>
[Collection(NodeProcesses.Name)]
public sealed class CrossNodeUpdatesTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(1);

    private TwoNodes _nodes = null!;

    private ApiFactory A => _nodes.A;

    private ApiFactory B => _nodes.B;

    public async Task InitializeAsync()
    {
        _nodes = database.Shared(() => new TwoNodes(database));
        await _nodes.JoinedAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_write_handled_by_one_node_is_pushed_to_the_connection_held_by_the_other()
    {
        var user = await JournalClient.RegisterAsync(A);
        await using var onB = await UpdatesClient.ConnectAsync(B, user.AccessToken);

        await user.CreateEntryAsync();

        Assert.Equal(1, (int)(await onB.WaitForAsync("streakUpdated", Delivery))["current"]!);
        Assert.NotNull((await onB.WaitForAsync("gardenUpdated", Delivery))["plants"]);
    }

    [Fact]
    public async Task A_push_raised_on_one_node_reaches_the_users_connections_on_every_node_and_nobody_elses()
    {
        var alice = await JournalClient.RegisterAsync(A);
        var bob = await JournalClient.RegisterAsync(A);
        await using var aliceOnA = await UpdatesClient.ConnectAsync(A, alice.AccessToken);
        await using var aliceOnB = await UpdatesClient.ConnectAsync(B, alice.AccessToken);
        await using var bobOnB = await UpdatesClient.ConnectAsync(B, bob.AccessToken);

        // Raised in node A's process, as a grain activated there raises it.
        var notification = new Notification(Guid.NewGuid(), "reminder", "Evening pages", "Time to write", DateTimeOffset.UtcNow, null);
        await A.Services.GetRequiredService<IUserUpdates>().SendAsync(alice.UserId, UserUpdateEvents.Notification, notification);

        Assert.Equal("Evening pages", (string)(await aliceOnA.WaitForAsync("notification", Delivery))["title"]!);
        Assert.Equal("Evening pages", (string)(await aliceOnB.WaitForAsync("notification", Delivery))["title"]!);
        Assert.Null(await bobOnB.TryReadAsync(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Logging_out_on_one_node_closes_that_sessions_connection_on_the_other_and_no_other_session()
    {
        var user = await JournalClient.RegisterAsync(A);
        var otherDevice = await JournalClient.LoginAsync(B, user.Username);
        await using var sessionOnB = await UpdatesClient.ConnectAsync(B, user.AccessToken);
        await using var otherSessionOnB = await UpdatesClient.ConnectAsync(B, otherDevice.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.PostAsync("/v1/auth/logout", null)).StatusCode);

        Assert.True(await sessionOnB.ClosedWithinAsync(Delivery), "the ended session's connection on the other node is still open");
        Assert.False(await otherSessionOnB.ClosedWithinAsync(TimeSpan.FromSeconds(1)), "another session's connection was closed");
    }
}
