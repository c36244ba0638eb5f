using System.Net;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Community;

/// <summary>Accounts younger than 24 hours (every account here): 3 posts and 10 comments a day, and reports that weigh half.</summary>
public sealed class NewAccountTests(PostgresDatabase database) : ApiTest(database, CommunityClient.Settings())
{
    [Fact]
    public async Task A_new_account_may_post_3_posts_and_10_comments_a_day()
    {
        var newcomer = await JournalClient.RegisterAsync(Api);
        var posts = new List<string>();
        for (var i = 0; i < 3; i++) posts.Add((await newcomer.PostAsync($"hello {i}")).Id());
        var refused = await newcomer.TryPostAsync();
        var problem = await JournalClient.ProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("new-account-limit", (string)problem["type"]!);
        // The first post leaves the day's window in about 24 hours: that is when the next one passes.
        var wait = refused.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(wait, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
        Assert.InRange((DateTimeOffset)problem["retryAt"]! - DateTimeOffset.UtcNow, wait - TimeSpan.FromMinutes(1), wait + TimeSpan.FromSeconds(1));

        for (var i = 0; i < 10; i++) await newcomer.CommentAsync(posts[i % 3], $"comment {i}");
        problem = await JournalClient.ProblemAsync(await newcomer.TryCommentAsync(posts[0]), HttpStatusCode.TooManyRequests);
        Assert.Equal("new-account-limit", (string)problem["type"]!);

        // The quota is the member's own: another newcomer still posts.
        Assert.Equal(HttpStatusCode.Created, (await (await JournalClient.RegisterAsync(Api)).TryPostAsync()).StatusCode);
    }

    [Fact]
    public async Task A_refused_comment_does_not_spend_the_quota()
    {
        var newcomer = await JournalClient.RegisterAsync(Api);
        var post = await newcomer.PostAsync();
        for (var i = 0; i < 5; i++) await JournalClient.ProblemAsync(await newcomer.TryCommentAsync(Guid.NewGuid().ToString()), HttpStatusCode.NotFound);
        for (var i = 0; i < 10; i++) await newcomer.CommentAsync(post.Id(), $"comment {i}");
    }

    [Fact]
    public async Task New_accounts_reports_weigh_half_so_six_hide_a_post()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var post = await author.PostAsync();
        var reporters = new List<JournalClient>();
        for (var i = 0; i < 6; i++) reporters.Add(await JournalClient.RegisterAsync(Api));

        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.Created, (await reporters[i].ReportAsync("post", post.Id())).StatusCode);
        Assert.Equal("visible", (string)(await reporters[0].GetJsonAsync($"/v1/community/posts/{post.Id()}"))["status"]!);
        Assert.Equal(HttpStatusCode.Created, (await reporters[5].ReportAsync("post", post.Id())).StatusCode);
        await JournalClient.ProblemAsync(await reporters[0].Http.GetAsync($"/v1/community/posts/{post.Id()}"), HttpStatusCode.NotFound);
    }
}
