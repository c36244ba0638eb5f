using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Journal.GrainInterfaces.Notifications;
using Journal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Tests.Api;

/// <summary>
/// The notification inbox (PRODUCT.md §5): what features put in it is listed newest first, can be
/// filtered to unread and marked read, is pushed live as <c>notification</c>, is sealed at rest,
/// and belongs to its user alone. Notifications are sent through the grain, as features do.
/// </summary>
public sealed class NotificationApiTests(PostgresDatabase database) : ApiTest(database)
{
    private INotificationGrain Inbox(JournalClient user) => Api.Services.GetRequiredService<IGrainFactory>().GetGrain<INotificationGrain>(user.UserId);

    private static NewNotification Note(string title, string? dedupeKey = null) =>
        new(NotificationKinds.Community, title, "Someone replied to your post.", dedupeKey);

    [Fact]
    public async Task The_inbox_lists_newest_first_filters_unread_and_marks_read()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var first = await Inbox(user).NotifyAsync(Note("first"));
        var second = await Inbox(user).NotifyAsync(Note("second"));

        var all = await user.GetJsonAsync("/v1/me/notifications");
        Assert.Equal(["second", "first"], all["items"]!.AsArray().Select(item => (string)item!["title"]!));
        Assert.Equal("community", (string)all["items"]![0]!["kind"]!);
        Assert.Null(all["items"]![0]!["readAt"]);
        Assert.Null(all["nextCursor"]);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.PostAsync($"/v1/me/notifications/{first.Id}/read", null)).StatusCode);
        var readAt = (string)(await user.GetJsonAsync("/v1/me/notifications"))["items"]![1]!["readAt"]!;
        // Reading again keeps the first read time.
        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.PostAsync($"/v1/me/notifications/{first.Id}/read", null)).StatusCode);
        Assert.Equal(readAt, (string)(await user.GetJsonAsync("/v1/me/notifications"))["items"]![1]!["readAt"]!);

        var unread = await user.GetJsonAsync("/v1/me/notifications?unread=true");
        Assert.Equal([second.Id.ToString()], unread["items"]!.AsArray().Select(item => (string)item!["id"]!));
    }

    [Fact]
    public async Task The_inbox_pages_with_a_cursor()
    {
        var user = await JournalClient.RegisterAsync(Api);
        for (var i = 0; i < 5; i++) await Inbox(user).NotifyAsync(Note($"n{i}"));

        var titles = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await user.GetJsonAsync("/v1/me/notifications?limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            titles.AddRange(page["items"]!.AsArray().Select(item => (string)item!["title"]!));
            cursor = (string?)page["nextCursor"];
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(["n4", "n3", "n2", "n1", "n0"], titles);
    }

    [Fact]
    public async Task A_dedupe_key_notifies_once()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var first = await Inbox(user).NotifyAsync(Note("reminder due", dedupeKey: "reminder:1:2026-11-28T08:00Z"));
        var again = await Inbox(user).NotifyAsync(Note("reminder due", dedupeKey: "reminder:1:2026-11-28T08:00Z"));

        Assert.Equal(first.Id, again.Id);
        Assert.Single((await user.GetJsonAsync("/v1/me/notifications"))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_notification_is_pushed_to_the_users_devices()
    {
        var user = await JournalClient.RegisterAsync(Api);
        await using var hub = await UpdatesClient.ConnectAsync(Api, user.AccessToken);

        var sent = await Inbox(user).NotifyAsync(Note("live"));

        var pushed = await hub.WaitForAsync("notification", TimeSpan.FromSeconds(1));
        Assert.Equal(sent.Id.ToString(), (string)pushed["id"]!);
        Assert.Equal("live", (string)pushed["title"]!);
    }

    [Fact]
    public async Task Another_users_notification_is_a_404_and_never_listed()
    {
        var alice = await JournalClient.RegisterAsync(Api);
        var bob = await JournalClient.RegisterAsync(Api);
        var alices = await Inbox(alice).NotifyAsync(Note("for alice"));

        await JournalClient.ProblemAsync(await bob.Http.PostAsync($"/v1/me/notifications/{alices.Id}/read", null), HttpStatusCode.NotFound);
        Assert.Empty((await bob.GetJsonAsync("/v1/me/notifications"))["items"]!.AsArray());
        Assert.Null((await alice.GetJsonAsync("/v1/me/notifications"))["items"]![0]!["readAt"]);
    }

    [Theory]
    [InlineData("unread=maybe", "unread")]
    [InlineData("limit=0", "limit")]
    [InlineData("cursor=bm90LWEtY3Vyc29y", "cursor")]
    public async Task Bad_query_values_name_their_field(string query, string field)
    {
        var user = await JournalClient.RegisterAsync(Api);
        var problem = await JournalClient.ProblemAsync(await user.Http.GetAsync("/v1/me/notifications?" + query), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Title_and_body_are_sealed_at_rest_exported_and_erased_with_the_account()
    {
        var user = await JournalClient.RegisterAsync(Api);
        await Inbox(user).NotifyAsync(new NewNotification(NotificationKinds.Reminder, "Call Dr. Okonkwo-secret", "About the panic-secret", null));

        await using (var connection = Database.DataSource.CreateConnection())
        {
            var stored = await connection.QuerySingleAsync<(string Kind, byte[] Title, byte[] Body)>(
                "SELECT kind, sealed_title, sealed_body FROM notifications WHERE user_id = @Id", new { Id = user.UserId });
            Assert.Equal("reminder", stored.Kind);
            Assert.DoesNotContain("secret", Encoding.UTF8.GetString(stored.Title) + Encoding.UTF8.GetString(stored.Body), StringComparison.Ordinal);
        }

        var export = await user.GetJsonAsync("/v1/me/export");
        Assert.Equal("Call Dr. Okonkwo-secret", (string)export["notifications"]![0]!["title"]!);

        var deleted = await user.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/v1/me") { Content = JsonContent.Create(new { password = JournalClient.Password }) });
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await using (var connection = Database.DataSource.CreateConnection())
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM notifications WHERE user_id = @Id", new { Id = user.UserId }));
    }
}
