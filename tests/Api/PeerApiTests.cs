using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Api;

/// <summary>GET /v1/community/peers (PRODUCT.md §7): only discoverable users, pseudonyms only, most similar first.</summary>
public sealed class PeerApiTests(PostgresDatabase database) : ApiTest(database)
{
    // Test classes share a database: each test's tags are its own, so other tests' users never match.
    private static string[] UniqueTags(int count) => [.. Enumerable.Range(0, count).Select(_ => "t" + Guid.NewGuid().ToString("N")[..20])];

    private async Task<JournalClient> UserAsync(bool discoverable = true, bool privateMode = false)
    {
        var user = await JournalClient.RegisterAsync(Api);
        var response = await user.Http.PutAsJsonAsync("/v1/me/settings", new
        {
            dayStartHour = 0, privateMode, discoverable,
            notifications = new { dailyTip = true, communityActivity = true, weeklyInsights = true, monthlyInsights = true, reminderToWrite = false },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return user;
    }

    private static Task<JsonObject> WriteAsync(JournalClient user, string[] tags, bool isPrivate = false) =>
        user.CreateEntryAsync("Some words about my week.", new { tags, isPrivate });

    private static async Task<string> PseudonymAsync(JournalClient user) => (string)(await user.GetJsonAsync("/v1/me"))["pseudonym"]!;

    [Fact]
    public async Task Peers_are_discoverable_users_only_most_similar_first()
    {
        var tags = UniqueTags(4);
        var me = await UserAsync();
        await WriteAsync(me, tags[..3]);
        var twin = await UserAsync();
        await WriteAsync(twin, tags[..3]);
        var partial = await UserAsync();
        await WriteAsync(partial, tags[..1]);
        var hidden = await UserAsync(discoverable: false);
        await WriteAsync(hidden, tags[..3]);
        var privateMode = await UserAsync(privateMode: true);
        await WriteAsync(privateMode, tags[..3]);

        var peers = (await me.GetJsonAsync("/v1/community/peers"))["items"]!.AsArray();

        Assert.Equal([await PseudonymAsync(twin), await PseudonymAsync(partial)], peers.Select(p => (string)p!["pseudonym"]!));
        Assert.Equal(1.0, (double)peers[0]!["similarity"]!);
        Assert.True((double)peers[1]!["similarity"]! is > 0 and < 1);
        Assert.Equal(tags[..3].Order(StringComparer.Ordinal), peers[0]!["sharedTags"]!.AsArray().Select(t => (string)t!));
        Assert.Single((await me.GetJsonAsync("/v1/community/peers?limit=1"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Private_and_deleted_entries_do_not_count_and_peers_show_nothing_private()
    {
        var tags = UniqueTags(3);
        var me = await UserAsync();
        await WriteAsync(me, tags);
        await me.PostJsonAsync("/v1/habits", new { name = "Evening Walk " + tags[0], frequency = "daily" });
        var peer = await UserAsync();
        await WriteAsync(peer, [tags[0]]);
        await WriteAsync(peer, [tags[1], "secret" + tags[2]], isPrivate: true);
        var deleted = await WriteAsync(peer, [tags[2]]);
        Assert.Equal(HttpStatusCode.NoContent, (await peer.Http.DeleteAsync($"/v1/journal/entries/{deleted["id"]}")).StatusCode);
        await peer.PostJsonAsync("/v1/habits", new { name = "evening  walk " + tags[0], frequency = "weekly" });
        var onlyPrivate = await UserAsync();
        await WriteAsync(onlyPrivate, tags, isPrivate: true);

        var response = await me.Http.GetAsync("/v1/community/peers");
        var body = await response.Content.ReadAsStringAsync();
        var peers = JsonNode.Parse(body)!["items"]!.AsArray();

        var match = Assert.Single(peers)!.AsObject();
        Assert.Equal(["pseudonym", "similarity", "sharedTags", "sharedHabits"], match.Select(p => p.Key));
        Assert.Equal(await PseudonymAsync(peer), (string)match["pseudonym"]!);
        Assert.Equal([tags[0]], match["sharedTags"]!.AsArray().Select(t => (string)t!));
        Assert.Equal(["evening walk " + tags[0]], match["sharedHabits"]!.AsArray().Select(t => (string)t!));
        foreach (var secret in new[] { peer.Username, peer.UserId.ToString(), peer.UserId.ToString("N"), (string)deleted["id"]!, tags[1], tags[2], "secret" })
            Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Matching_is_mutual_a_caller_who_is_not_discoverable_is_refused()
    {
        var tags = UniqueTags(1);
        var hidden = await UserAsync(discoverable: false);
        await WriteAsync(hidden, tags);
        var inPrivate = await UserAsync(privateMode: true);
        var open = await UserAsync();
        await WriteAsync(open, tags);

        var refused = await JournalClient.ProblemAsync(await hidden.Http.GetAsync("/v1/community/peers"), HttpStatusCode.Forbidden);
        await JournalClient.ProblemAsync(await inPrivate.Http.GetAsync("/v1/community/peers"), HttpStatusCode.Forbidden);

        Assert.Equal("peer-matching-off", (string)refused["type"]!);
        Assert.Empty((await open.GetJsonAsync("/v1/community/peers"))["items"]!.AsArray());
        await JournalClient.ProblemAsync(await Api.CreateClient().GetAsync("/v1/community/peers"), HttpStatusCode.Unauthorized);
    }
}
