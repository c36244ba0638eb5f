using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;
using Journal.Tests.Insights;

namespace Journal.Tests.Community;

/// <summary>
/// The community section of the admin statistics, fed by the community grains' events: seeded activity
/// gives exact figures, redelivery changes none, the median time to resolution equals one computed from
/// the report rows, and only admins read it.
/// </summary>
public sealed class CommunityStatsTests(PostgresDatabase database) : ApiTest(database, ClassSettings)
{
    // Reports never hide their target here: a hidden post is 404 to the reporters racing a moderator.
    private static readonly Dictionary<string, string> ClassSettings =
        new(CommunityClient.Settings(establishedAccounts: true)) { ["Community:AutoHideThreshold"] = "1000" };

    [Fact]
    public async Task Seeded_activity_gives_exact_daily_figures_and_open_reports_and_a_redelivery_changes_none()
    {
        var admin = await CommunityClient.AdminAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        await Database.SettledAsync();
        var before = await CommunityAsync(admin);

        var author = await JournalClient.RegisterAsync(Api);
        var readers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => JournalClient.RegisterAsync(Api)));
        var first = await author.PostAsync("First");
        var second = await author.PostAsync("Second");
        var comment = await readers[0].CommentAsync(first.Id());
        await readers[1].CommentAsync(first.Id(), parent: comment.Id());
        await readers[2].CommentAsync(second.Id());
        // Two reports of the first post, one of a comment.
        var reportId = await FileAsync(readers[0], "post", first.Id());
        await FileAsync(readers[1], "post", first.Id());
        await FileAsync(readers[2], "comment", comment.Id());
        // One decision resolves both reports of the post (one mod-log row); a lock is a second one.
        await moderator.PostJsonAsync($"/v1/admin/reports/{reportId}/resolve", new { action = "hide" }, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await moderator.ModerateAsync($"/v1/admin/posts/{second.Id()}/lock")).StatusCode);

        var expected = (Posts: 2, Comments: 3, Filed: 3, Resolved: 2, Actions: 2, Open: 1);
        await Eventually.True(async () => Figures(before, await CommunityAsync(admin)) == expected, "the community events are summed");
        await Database.SettledAsync();
        var after = await CommunityAsync(admin);
        Assert.Equal(expected, Figures(before, after));

        // The agents lose their cursors (as a crash before storing them would) and deliver every event again.
        await RestartAsync(async () =>
        {
            await using var connection = Database.DataSource.CreateConnection();
            await connection.ExecuteAsync("DELETE FROM stream_cursors");
        });
        await Database.SettledAsync();
        admin = await CommunityClient.AdminAsync(Api);
        Assert.Equal(after.ToJsonString(), (await CommunityAsync(admin)).ToJsonString());
    }

    [Fact]
    public async Task The_median_time_to_resolution_is_the_median_of_the_resolved_reports_rows()
    {
        var admin = await CommunityClient.AdminAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        var author = await JournalClient.RegisterAsync(Api);
        var reporters = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => JournalClient.RegisterAsync(Api)));
        // Reports filed at different moments and resolved at different moments: durations of different lengths.
        var posts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var post = await author.PostAsync($"Post {i}");
            posts.Add(post.Id());
            foreach (var reporter in reporters) await FileAsync(reporter, "post", post.Id());
            await Task.Delay(40 * i);
        }
        for (var i = 0; i < posts.Count; i++)
        {
            await Task.Delay(60 * (i + 1));
            var open = await OpenReportOfAsync(posts[i]);
            await moderator.PostJsonAsync($"/v1/admin/reports/{open}/resolve", new { action = i == 1 ? "hide" : "dismiss" }, HttpStatusCode.OK);
        }
        await Database.SettledAsync();

        // By hand, from the rows: every report resolved in this class's database, all of them today.
        List<long> ticks;
        await using (var connection = Database.DataSource.CreateConnection())
        {
            var rows = await connection.QueryAsync<(DateTime Created, DateTime Resolved)>(
                "SELECT created_at, resolved_at FROM community_reports WHERE status = 'resolved'");
            ticks = [.. rows.Select(row => (row.Resolved - row.Created).Ticks).Order()];
        }
        Assert.True(ticks.Count >= 6);
        var middle = ticks.Count / 2;
        var median = ticks.Count % 2 == 1 ? ticks[middle] : (ticks[middle - 1] + ticks[middle]) / 2.0;
        var community = await CommunityAsync(admin);
        Assert.Equal(ticks.Count, (int)community["resolvedInMedianWindow"]!);
        Assert.Equal(Math.Round(median / TimeSpan.TicksPerSecond, 3, MidpointRounding.AwayFromZero), (double)community["medianTimeToResolutionSeconds"]!);
    }

    [Fact]
    public async Task Reports_filed_while_a_moderator_resolves_their_target_leave_the_figures_equal_to_the_rows()
    {
        var admin = await CommunityClient.AdminAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        var author = await JournalClient.RegisterAsync(Api);
        var post = (await author.PostAsync("Contested")).Id();
        var reporters = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => JournalClient.RegisterAsync(Api)));

        // Each decision resolves the reports open when it reads them; one filed meanwhile must stay open, not be
        // resolved uncounted (which would leave openReports above the rows).
        var filing = Task.WhenAll(reporters.Select(reporter => FileAsync(reporter, "post", post)));
        while (!filing.IsCompleted)
        {
            var open = await OpenReportOfAsync(post);
            if (open != Guid.Empty) await moderator.PostJsonAsync($"/v1/admin/reports/{open}/resolve", new { action = "dismiss" }, HttpStatusCode.OK);
        }
        await filing;
        await Database.SettledAsync();

        await using var connection = Database.DataSource.CreateConnection();
        var (openRows, resolvedRows) = await connection.QuerySingleAsync<(long, long)>(
            "SELECT count(*) FILTER (WHERE status <> 'resolved'), count(*) FILTER (WHERE status = 'resolved') FROM community_reports");
        var community = await admin.GetJsonAsync("/v1/admin/stats?days=1");
        Assert.Equal(openRows, (long)community["community"]!["openReports"]!);
        Assert.Equal(resolvedRows, (long)community["community"]!["days"]![0]!["reportsResolved"]!); // every report of this class is from today
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM community_reports WHERE resolved_at < created_at"));
    }

    [Fact]
    public async Task Only_admins_read_the_statistics()
    {
        var moderator = await CommunityClient.ModeratorAsync(Api);
        var member = await JournalClient.RegisterAsync(Api);
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.Http.GetAsync("/v1/admin/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Http.GetAsync("/v1/admin/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.CreateClient().GetAsync("/v1/admin/stats")).StatusCode);
        var stats = await (await CommunityClient.AdminAsync(Api)).GetJsonAsync("/v1/admin/stats?days=5");
        Assert.Equal(5, stats["community"]!["days"]!.AsArray().Count);
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd"), (string)stats["community"]!["days"]![0]!["date"]!);
    }

    /// <summary>Today's figures and open reports, as differences from <paramref name="before"/>.</summary>
    private static (int Posts, int Comments, int Filed, int Resolved, int Actions, long Open) Figures(JsonObject before, JsonObject after)
    {
        int Day(JsonObject section, string name) => (int)section["days"]![0]![name]!;
        return (Day(after, "posts") - Day(before, "posts"), Day(after, "comments") - Day(before, "comments"),
            Day(after, "reportsFiled") - Day(before, "reportsFiled"), Day(after, "reportsResolved") - Day(before, "reportsResolved"),
            Day(after, "moderationActions") - Day(before, "moderationActions"), (long)after["openReports"]! - (long)before["openReports"]!);
    }

    private static async Task<JsonObject> CommunityAsync(JournalClient admin) => (await admin.GetJsonAsync("/v1/admin/stats?days=1"))["community"]!.AsObject();

    private static async Task<string> FileAsync(JournalClient reporter, string targetType, string targetId)
    {
        var response = await reporter.ReportAsync(targetType, targetId);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!.Id();
    }

    /// <summary>An open report of the post, or <see cref="Guid.Empty"/> when none is.</summary>
    private async Task<Guid> OpenReportOfAsync(string postId)
    {
        await using var connection = Database.DataSource.CreateConnection();
        return await connection.ExecuteScalarAsync<Guid>(
            "SELECT id FROM community_reports WHERE target_id = @postId::uuid AND status <> 'resolved' LIMIT 1", new { postId });
    }
}
