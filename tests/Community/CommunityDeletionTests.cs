using System.Net;
using System.Net.Http.Json;
using Dapper;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Community;

/// <summary>
/// Account deletion and export (PRODUCT.md §1) for the community: threads stay readable under the
/// pseudonym with no way back to the account, or the member's words go when they ask.
/// </summary>
public sealed class CommunityDeletionTests(PostgresDatabase database) : ApiTest(database, CommunityClient.Settings(establishedAccounts: true))
{
    [Fact]
    public async Task After_deletion_the_thread_reads_the_same_under_the_pseudonym_with_no_link_to_the_account()
    {
        var leaving = await JournalClient.RegisterAsync(Api);
        var staying = await JournalClient.RegisterAsync(Api);
        var pseudonym = (string)(await leaving.GetJsonAsync("/v1/me"))["pseudonym"]!;
        var post = await leaving.PostAsync("What helped me", "Walking every morning.");
        var question = await staying.CommentAsync(post.Id(), "How long did it take?");
        await leaving.CommentAsync(post.Id(), "About three weeks.", parent: question.Id());
        var report = await leaving.ReportAsync("user", staying.UserId.ToString(), "spam");
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);

        await DeleteAccountAsync(leaving, deleteCommunityContent: false);

        var read = await staying.GetJsonAsync($"/v1/community/posts/{post.Id()}");
        Assert.Equal("What helped me", (string)read["title"]!);
        Assert.Equal(pseudonym, (string)read["author"]!["pseudonym"]!);
        var reply = (await staying.GetJsonAsync($"/v1/community/posts/{post.Id()}/comments"))["items"]![0]!["replies"]![0]!;
        Assert.Equal("About three weeks.", (string)reply["content"]!);
        Assert.Equal(pseudonym, (string)reply["author"]!["pseudonym"]!);

        await using var connection = Database.DataSource.CreateConnection();
        var links = await connection.ExecuteScalarAsync<int>(
            """
            SELECT (SELECT count(*) FROM community_posts WHERE author_id = @id) + (SELECT count(*) FROM community_comments WHERE author_id = @id)
                 + (SELECT count(*) FROM community_reports WHERE reporter_id = @id OR target_author_id = @id)
                 + (SELECT count(*) FROM moderation_actions WHERE affected_user_id = @id OR moderator_id = @id)
                 + (SELECT count(*) FROM community_members WHERE user_id = @id) + (SELECT count(*) FROM users WHERE id = @id OR pseudonym = @pseudonym)
            """,
            new { id = leaving.UserId, pseudonym });
        Assert.Equal(0, links);
        // The pseudonym lives on only in the community's own rows.
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>(
            "SELECT (SELECT count(*) FROM community_posts WHERE author_pseudonym = @pseudonym) + (SELECT count(*) FROM community_comments WHERE author_pseudonym = @pseudonym)",
            new { pseudonym }));
    }

    [Fact]
    public async Task Deleting_with_deleteCommunityContent_removes_the_words_and_keeps_the_threads_shape()
    {
        var leaving = await JournalClient.RegisterAsync(Api);
        var staying = await JournalClient.RegisterAsync(Api);
        var ownPost = await leaving.PostAsync("private story", "details I regret sharing");
        var othersPost = await staying.PostAsync("a question");
        var comment = await leaving.CommentAsync(othersPost.Id(), "my identifying answer");
        await staying.CommentAsync(othersPost.Id(), "thanks!", parent: comment.Id());

        await DeleteAccountAsync(leaving, deleteCommunityContent: true);

        await JournalClient.ProblemAsync(await staying.Http.GetAsync($"/v1/community/posts/{ownPost.Id()}"), HttpStatusCode.NotFound);
        var tree = (await staying.GetJsonAsync($"/v1/community/posts/{othersPost.Id()}/comments"))["items"]!.AsArray();
        var placeholder = Assert.Single(tree)!;
        Assert.Equal("deleted", (string)placeholder["status"]!);
        Assert.Null(placeholder["content"]);
        Assert.Equal("thanks!", (string)placeholder["replies"]![0]!["content"]!);

        await using var connection = Database.DataSource.CreateConnection();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            "SELECT (SELECT count(*) FROM community_posts WHERE content LIKE '%regret%' OR title LIKE '%private story%') + (SELECT count(*) FROM community_comments WHERE content LIKE '%identifying%')"));
    }

    [Fact]
    public async Task The_export_holds_the_members_community_life()
    {
        var member = await JournalClient.RegisterAsync(Api);
        var other = await JournalClient.RegisterAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        var post = await member.PostAsync("my post");
        await member.CommentAsync(post.Id(), "my comment");
        await member.ReportAsync("user", other.UserId.ToString(), "harassment");
        var warning = await moderator.PostJsonAsync($"/v1/admin/users/{member.UserId}/warn", new { reason = "tone" }, HttpStatusCode.OK);
        await member.PostJsonAsync("/v1/me/appeals", new { moderationActionId = warning.Id(), message = "I was quoting" });

        var community = (await member.GetJsonAsync("/v1/me/export"))["community"]!;
        Assert.Equal((string)(await member.GetJsonAsync("/v1/me"))["pseudonym"]!, (string)community["pseudonym"]!);
        Assert.Equal("my post", (string)community["posts"]![0]!["title"]!);
        Assert.Equal("my comment", (string)community["comments"]![0]!["content"]!);
        Assert.Equal("harassment", (string)community["reportsFiled"]![0]!["reason"]!);
        Assert.Equal("warn", (string)community["moderationHistory"]![0]!["action"]!);
        Assert.Equal("I was quoting", (string)community["appeals"]![0]!["message"]!);
    }

    private static async Task DeleteAccountAsync(JournalClient user, bool deleteCommunityContent)
    {
        var deleted = await user.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/v1/me")
        {
            Content = JsonContent.Create(new { password = JournalClient.Password, deleteCommunityContent }),
        });
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }
}
