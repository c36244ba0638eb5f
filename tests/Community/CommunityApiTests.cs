using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Community;

/// <summary>
/// The community routes (PRODUCT.md §7) on the real server: categories, posts, the feed, the comment
/// tree, reports and the automatic hide, with established members (new-account rules have their own class).
/// </summary>
public sealed class CommunityApiTests(PostgresDatabase database) : ApiTest(database, CommunityClient.Settings(establishedAccounts: true))
{
    [Fact]
    public async Task The_seeded_categories_are_listed_in_order()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var names = (await user.GetJsonAsync("/v1/community/categories"))["items"]!.AsArray().Select(item => (string)item!["name"]!).ToList();
        Assert.Equal(["General Discussion", "Coping Strategies"], names.Take(2));
    }

    [Fact]
    public async Task A_post_shows_its_author_only_by_pseudonym()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var reader = await JournalClient.RegisterAsync(Api);
        var pseudonym = (string)(await author.GetJsonAsync("/v1/me"))["pseudonym"]!;

        var post = await author.PostAsync("Breathing helps", "Box breathing before meetings.");
        Assert.True((bool)post["isOwn"]!);
        Assert.Equal(pseudonym, (string)post["author"]!["pseudonym"]!);

        var read = await reader.Http.GetStringAsync($"/v1/community/posts/{post.Id()}");
        var seen = JsonNode.Parse(read)!;
        Assert.False((bool)seen["isOwn"]!);
        Assert.Equal("Breathing helps", (string)seen["title"]!);
        Assert.DoesNotContain(author.UserId.ToString(), read, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(author.Username, read, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("{\"title\":\"t\",\"content\":\"c\"}", "categoryId")]
    [InlineData("{\"categoryId\":\"6c0c5f1e-3d2a-4b8e-9a51-0c6f2b1d7e01\",\"content\":\"c\"}", "title")]
    [InlineData("{\"categoryId\":\"6c0c5f1e-3d2a-4b8e-9a51-0c6f2b1d7e01\",\"title\":\"t\",\"content\":\"  \"}", "content")]
    [InlineData("{\"categoryId\":\"00000000-0000-0000-0000-000000000001\",\"title\":\"t\",\"content\":\"c\"}", "categoryId")]
    [InlineData("{\"categoryId\":\"not-a-guid\",\"title\":\"t\",\"content\":\"c\"}", "categoryId")]
    public async Task A_bad_post_names_its_field(string body, string field)
    {
        var user = await JournalClient.RegisterAsync(Api);
        var response = await user.Http.PostAsync("/v1/community/posts", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await JournalClient.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task The_feed_sorts_by_new_or_by_activity_and_pages()
    {
        var admin = await CommunityClient.AdminAsync(Api);
        var category = (await admin.PostJsonAsync("/v1/admin/community/categories", new { name = "Feed " + Guid.NewGuid().ToString("N")[..8] })).Id();
        var user = await JournalClient.RegisterAsync(Api);
        var first = await user.PostAsync("first", category: category);
        var second = await user.PostAsync("second", category: category);
        var third = await user.PostAsync("third", category: category);
        await user.CommentAsync(first.Id());

        async Task<List<string>> Titles(string sort)
        {
            var titles = new List<string>();
            string? cursor = null;
            do
            {
                var page = await user.GetJsonAsync($"/v1/community/categories/{category}/posts?sort={sort}&limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
                titles.AddRange(page["items"]!.AsArray().Select(item => (string)item!["title"]!));
                cursor = (string?)page["nextCursor"];
            }
            while (cursor is not null);
            return titles;
        }

        Assert.Equal(["third", "second", "first"], await Titles("new"));
        Assert.Equal(["first", "third", "second"], await Titles("active"));
        var feed = await user.GetJsonAsync($"/v1/community/categories/{category}/posts?sort=active");
        Assert.Equal(1, (int)feed["items"]![0]!["commentCount"]!);

        await JournalClient.ProblemAsync(await user.Http.GetAsync($"/v1/community/categories/{category}/posts?sort=hot"), HttpStatusCode.BadRequest);
        await JournalClient.ProblemAsync(await user.Http.GetAsync($"/v1/community/categories/{Guid.NewGuid()}/posts"), HttpStatusCode.NotFound);
        Assert.NotEqual(second.Id(), third.Id());
    }

    [Fact]
    public async Task Only_the_author_edits_or_deletes_a_post_and_a_deleted_post_is_gone()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var other = await JournalClient.RegisterAsync(Api);
        var post = await author.PostAsync("Draft", "first words");

        var edited = await author.Http.PatchAsJsonAsync($"/v1/community/posts/{post.Id()}", new { content = "better words" });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var body = (await edited.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("better words", (string)body["content"]!);
        Assert.Equal("Draft", (string)body["title"]!);
        Assert.NotNull(body["editedAt"]);

        await JournalClient.ProblemAsync(await other.Http.PatchAsJsonAsync($"/v1/community/posts/{post.Id()}", new { content = "hijack" }), HttpStatusCode.Forbidden);
        await JournalClient.ProblemAsync(await other.Http.DeleteAsync($"/v1/community/posts/{post.Id()}"), HttpStatusCode.Forbidden);
        await JournalClient.ProblemAsync(await author.Http.PatchAsJsonAsync($"/v1/community/posts/{post.Id()}", new { title = " " }), HttpStatusCode.BadRequest);
        await JournalClient.ProblemAsync(await author.Http.PatchAsJsonAsync($"/v1/community/posts/{post.Id()}", new { }), HttpStatusCode.BadRequest);

        Assert.Equal(HttpStatusCode.NoContent, (await author.Http.DeleteAsync($"/v1/community/posts/{post.Id()}")).StatusCode);
        await JournalClient.ProblemAsync(await other.Http.GetAsync($"/v1/community/posts/{post.Id()}"), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await author.Http.GetAsync($"/v1/community/posts/{post.Id()}"), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await other.TryCommentAsync(post.Id()), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await other.Http.GetAsync($"/v1/community/posts/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_comment_tree_nests_replies_and_keeps_removed_comments_as_placeholders()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var friend = await JournalClient.RegisterAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        var post = await author.PostAsync();
        var root = await friend.CommentAsync(post.Id(), "root");
        var reply = await author.CommentAsync(post.Id(), "reply", parent: root.Id());
        var nested = await friend.CommentAsync(post.Id(), "nested", parent: reply.Id());
        var other = await friend.CommentAsync(post.Id(), "second root");

        Assert.Equal(HttpStatusCode.OK, (await moderator.ModerateAsync($"/v1/admin/comments/{root.Id()}/hide", new { reason = "off topic" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await author.Http.DeleteAsync($"/v1/community/comments/{reply.Id()}")).StatusCode);

        var tree = await author.GetJsonAsync($"/v1/community/posts/{post.Id()}/comments");
        var items = tree["items"]!.AsArray();
        Assert.Equal([root.Id(), other.Id()], items.Select(item => (string)item!["id"]!));
        Assert.Equal("hidden", (string)items[0]!["status"]!);
        Assert.Null(items[0]!["content"]);
        Assert.Null(items[0]!["author"]);
        var replyNode = items[0]!["replies"]![0]!;
        Assert.Equal("deleted", (string)replyNode["status"]!);
        Assert.Null(replyNode["content"]);
        Assert.Equal("nested", (string)replyNode["replies"]![0]!["content"]!);
        Assert.Equal(nested.Id(), (string)replyNode["replies"]![0]!["id"]!);
        // The moderator still reads the hidden text.
        var modTree = await moderator.GetJsonAsync($"/v1/community/posts/{post.Id()}/comments");
        Assert.Equal("root", (string)modTree["items"]![0]!["content"]!);
        // The post counts its visible comments only.
        Assert.Equal(2, (int)(await author.GetJsonAsync($"/v1/community/posts/{post.Id()}"))["commentCount"]!);

        await JournalClient.ProblemAsync(await friend.Http.PostAsJsonAsync($"/v1/community/posts/{post.Id()}/comments",
            new { content = "to nowhere", parentCommentId = Guid.NewGuid() }), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await author.Http.PatchAsJsonAsync($"/v1/community/comments/{other.Id()}", new { content = "not mine" }), HttpStatusCode.Forbidden);
        await JournalClient.ProblemAsync(await author.Http.DeleteAsync($"/v1/community/comments/{other.Id()}"), HttpStatusCode.Forbidden);
        var edited = await friend.Http.PatchAsJsonAsync($"/v1/community/comments/{other.Id()}", new { content = "second root, edited" });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        await JournalClient.ProblemAsync(await friend.Http.PatchAsJsonAsync($"/v1/community/comments/{Guid.NewGuid()}", new { content = "x" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Three_distinct_reporters_hide_a_post_once_and_its_author_is_told()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var post = await author.PostAsync("Buy cheap pills");
        var reporters = new List<JournalClient>();
        for (var i = 0; i < 4; i++) reporters.Add(await JournalClient.RegisterAsync(Api));

        Assert.Equal(HttpStatusCode.Created, (await reporters[0].ReportAsync("post", post.Id())).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await reporters[1].ReportAsync("post", post.Id())).StatusCode);
        Assert.Equal("visible", (string)(await reporters[3].GetJsonAsync($"/v1/community/posts/{post.Id()}"))["status"]!);
        Assert.Equal(HttpStatusCode.Created, (await reporters[2].ReportAsync("post", post.Id(), "harassment")).StatusCode);

        await JournalClient.ProblemAsync(await reporters[3].Http.GetAsync($"/v1/community/posts/{post.Id()}"), HttpStatusCode.NotFound);
        Assert.Equal("hidden", (string)(await author.GetJsonAsync($"/v1/community/posts/{post.Id()}"))["status"]!);
        var feed = await reporters[3].GetJsonAsync($"/v1/community/categories/{CommunityClient.GeneralDiscussion}/posts?limit=100");
        Assert.DoesNotContain(post.Id(), feed["items"]!.AsArray().Select(item => (string)item!["id"]!));

        var history = await author.GetJsonAsync("/v1/me/moderation");
        var autoHide = Assert.Single(history["items"]!.AsArray(), item => (string)item!["targetId"]! == post.Id());
        Assert.Equal("auto_hide", (string)autoHide!["action"]!);
        Assert.Null(autoHide["moderatorId"]);
        var inbox = await author.GetJsonAsync("/v1/me/notifications");
        Assert.Contains(inbox["items"]!.AsArray(), item => (string)item!["kind"]! == "moderation");

        // A duplicate report is refused; the author cannot report themselves.
        await JournalClient.ProblemAsync(await reporters[0].ReportAsync("post", post.Id(), "hate"), HttpStatusCode.Conflict);
        await JournalClient.ProblemAsync(await author.ReportAsync("user", author.UserId.ToString()), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_moderators_report_hides_at_once()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        var post = await author.PostAsync();
        var comment = await author.CommentAsync(post.Id(), "a rude remark");

        Assert.Equal(HttpStatusCode.Created, (await moderator.ReportAsync("comment", comment.Id(), "harassment")).StatusCode);

        var tree = await author.GetJsonAsync($"/v1/community/posts/{post.Id()}/comments");
        Assert.Equal("hidden", (string)tree["items"]![0]!["status"]!);
    }

    [Fact]
    public async Task A_self_harm_report_jumps_the_queue_and_sends_the_author_crisis_resources_once()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var worried = await JournalClient.RegisterAsync(Api);
        var alsoWorried = await JournalClient.RegisterAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        var calm = await author.PostAsync("ordinary");
        var dark = await author.PostAsync("I can't go on");
        Assert.Equal(HttpStatusCode.Created, (await worried.ReportAsync("post", calm.Id(), "spam")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await worried.ReportAsync("post", dark.Id(), "self_harm")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await alsoWorried.ReportAsync("post", dark.Id(), "self_harm")).StatusCode);

        var queue = await moderator.GetJsonAsync("/v1/admin/reports?status=pending&limit=100");
        var order = queue["items"]!.AsArray().Select(item => (string)item!["targetId"]!).ToList();
        Assert.True(order.IndexOf(dark.Id()) < order.IndexOf(calm.Id()), "the self-harm report is not ahead of the spam report");
        var urgent = await moderator.GetJsonAsync("/v1/admin/reports?priority=high&limit=100");
        Assert.All(urgent["items"]!.AsArray(), item => Assert.Equal("self_harm", (string)item!["reason"]!));

        var crisis = (await author.GetJsonAsync("/v1/me/notifications"))["items"]!.AsArray().Where(item => (string)item!["kind"]! == "crisis_resources").ToList();
        var notice = Assert.Single(crisis);
        Assert.Contains("findahelpline.com", (string)notice!["body"]!);
    }

    [Fact]
    public async Task Report_validation_and_unknown_targets()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var problem = await JournalClient.ProblemAsync(await user.Http.PostAsJsonAsync("/v1/community/reports",
            new { targetType = "planet", targetId = Guid.NewGuid(), reason = "boring" }), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["targetType"]);
        Assert.NotNull(problem["errors"]!["reason"]);
        problem = await JournalClient.ProblemAsync(await user.Http.PostAsJsonAsync("/v1/community/reports", new { targetType = "post" }), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["targetId"]);
        Assert.NotNull(problem["errors"]!["reason"]);
        foreach (var type in new[] { "post", "comment", "user" })
            await JournalClient.ProblemAsync(await user.ReportAsync(type, Guid.NewGuid().ToString()), HttpStatusCode.NotFound);
        var post = await user.PostAsync();
        var comment = await user.CommentAsync(post.Id());
        await JournalClient.ProblemAsync(await user.ReportAsync("post", post.Id()), HttpStatusCode.Conflict);
        await JournalClient.ProblemAsync(await user.ReportAsync("comment", comment.Id()), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_member_files_at_most_20_reports_a_day()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var reporter = await JournalClient.RegisterAsync(Api);
        var posts = new List<string>();
        for (var i = 0; i < 21; i++) posts.Add((await author.PostAsync($"post {i}")).Id());

        for (var i = 0; i < 20; i++) Assert.Equal(HttpStatusCode.Created, (await reporter.ReportAsync("post", posts[i])).StatusCode);
        var refused = await reporter.ReportAsync("post", posts[20]);
        var problem = await JournalClient.ProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("report-limit", (string)problem["type"]!);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task A_suspended_member_gets_403_with_reason_and_end_on_every_community_write_until_unbanned()
    {
        var member = await JournalClient.RegisterAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        var post = await member.PostAsync();
        var comment = await member.CommentAsync(post.Id());
        var suspended = await moderator.ModerateAsync($"/v1/admin/users/{member.UserId}/suspend", new { reason = "repeated spam", suspendDays = 3 });
        Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);

        var writes = new Func<Task<HttpResponseMessage>>[]
        {
            () => member.TryPostAsync(),
            () => member.TryCommentAsync(post.Id()),
            () => member.Http.PatchAsJsonAsync($"/v1/community/posts/{post.Id()}", new { content = "edit" }),
            () => member.Http.DeleteAsync($"/v1/community/posts/{post.Id()}"),
            () => member.Http.PatchAsJsonAsync($"/v1/community/comments/{comment.Id()}", new { content = "edit" }),
            () => member.Http.DeleteAsync($"/v1/community/comments/{comment.Id()}"),
            () => member.ReportAsync("user", moderator.UserId.ToString()),
        };
        foreach (var write in writes)
        {
            var problem = await JournalClient.ProblemAsync(await write(), HttpStatusCode.Forbidden);
            Assert.Equal("sanctioned", (string)problem["type"]!);
            Assert.Equal("repeated spam", (string)problem["reason"]!);
            var until = DateTimeOffset.Parse((string)problem["until"]!);
            Assert.InRange(until, DateTimeOffset.UtcNow.AddDays(3).AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(3).AddMinutes(5));
        }
        // Reading is still allowed.
        Assert.Equal(HttpStatusCode.OK, (await member.Http.GetAsync($"/v1/community/posts/{post.Id()}")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await moderator.ModerateAsync($"/v1/admin/users/{member.UserId}/ban", new { reason = "spam again" })).StatusCode);
        var banned = await JournalClient.ProblemAsync(await member.TryPostAsync(), HttpStatusCode.Forbidden);
        Assert.True((bool)banned["banned"]!);
        Assert.Null(banned["until"]);

        Assert.Equal(HttpStatusCode.OK, (await moderator.ModerateAsync($"/v1/admin/users/{member.UserId}/unban")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await member.TryPostAsync()).StatusCode);
    }

    [Fact]
    public async Task A_retried_post_or_comment_with_its_Idempotency_Key_is_created_once()
    {
        var user = await JournalClient.RegisterAsync(Api);
        HttpRequestMessage Request(string path, object body, string key)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }
        var key = Guid.NewGuid().ToString();
        var body = new { categoryId = CommunityClient.GeneralDiscussion, title = "retried on a train", content = "flaky network" };
        var attempts = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => user.Http.SendAsync(Request("/v1/community/posts", body, key))));

        Assert.Single(attempts, response => response.StatusCode == HttpStatusCode.Created);
        Assert.All(attempts, response => Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK));
        var ids = new HashSet<string>();
        foreach (var attempt in attempts) ids.Add((string)(await attempt.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
        var postId = Assert.Single(ids);
        var reused = await user.Http.SendAsync(Request("/v1/community/posts", body with { title = "something else" }, key));
        Assert.Equal("idempotency-key-reused", (string)(await JournalClient.ProblemAsync(reused, HttpStatusCode.UnprocessableEntity))["type"]!);

        var commentKey = Guid.NewGuid().ToString();
        var first = await user.Http.SendAsync(Request($"/v1/community/posts/{postId}/comments", new { content = "once" }, commentKey));
        var again = await user.Http.SendAsync(Request($"/v1/community/posts/{postId}/comments", new { content = "once" }, commentKey));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((string)(await first.Content.ReadFromJsonAsync<JsonObject>())!["id"]!, (string)(await again.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
        Assert.Single((await user.GetJsonAsync($"/v1/community/posts/{postId}/comments"))["items"]!.AsArray());
        // The same key on another post is another request.
        var other = await user.PostAsync();
        await JournalClient.ProblemAsync(await user.Http.SendAsync(Request($"/v1/community/posts/{other.Id()}/comments", new { content = "once" }, commentKey)),
            HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_reply_tells_the_author_of_what_it_answers_unless_it_is_their_own_or_they_opted_out()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var friend = await JournalClient.RegisterAsync(Api);
        var quiet = await JournalClient.RegisterAsync(Api);
        var post = await author.PostAsync();
        await author.CommentAsync(post.Id(), "my own note");
        var comment = await friend.CommentAsync(post.Id(), "Sending you strength.");
        await author.CommentAsync(post.Id(), "Thank you!", parent: comment.Id());

        static async Task<List<JsonNode>> Community(JournalClient user) =>
            [.. (await user.GetJsonAsync("/v1/me/notifications"))["items"]!.AsArray().Where(item => (string)item!["kind"]! == "community").Select(item => item!)];
        var toAuthor = Assert.Single(await Community(author));
        Assert.EndsWith("replied to your post", (string)toAuthor["title"]!);
        Assert.Equal("Sending you strength.", (string)toAuthor["body"]!);
        Assert.EndsWith("replied to your comment", (string)Assert.Single(await Community(friend))["title"]!);

        var settings = await quiet.GetJsonAsync("/v1/me/settings");
        settings["notifications"]!["communityActivity"] = false;
        Assert.Equal(HttpStatusCode.OK, (await quiet.Http.PutAsJsonAsync("/v1/me/settings", settings)).StatusCode);
        var quietPost = await quiet.PostAsync();
        await friend.CommentAsync(quietPost.Id(), "hello");
        Assert.Empty(await Community(quiet));
    }
}
