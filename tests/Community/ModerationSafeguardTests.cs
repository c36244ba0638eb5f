using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Community;

/// <summary>
/// What keeps moderation fair and the community private: nobody moderates themselves, an appeal
/// undoes only what it is about, a run-out claim frees its report, hidden content stays out of members'
/// reach, threads cannot be nested past reading, and neither the export nor a deletion leaves another
/// account's id behind. A claim lasts one second in this class.
/// </summary>
public sealed class ModerationSafeguardTests(PostgresDatabase database)
    : ApiTest(database, CommunityClient.Settings(establishedAccounts: true, claimDuration: "00:00:01"))
{
    [Fact]
    public async Task Moderators_do_not_act_on_themselves_and_only_admins_sanction_moderators()
    {
        var admin = await CommunityClient.AdminAsync(Api);
        var alice = await CommunityClient.ModeratorAsync(Api);
        var bob = await CommunityClient.ModeratorAsync(Api);
        var ownPost = await alice.PostAsync();

        await JournalClient.ProblemAsync(await alice.ModerateAsync($"/v1/admin/users/{alice.UserId}/warn"), HttpStatusCode.Forbidden);
        await JournalClient.ProblemAsync(await alice.ModerateAsync($"/v1/admin/posts/{ownPost.Id()}/hide"), HttpStatusCode.Forbidden);
        await JournalClient.ProblemAsync(await alice.ModerateAsync($"/v1/admin/users/{bob.UserId}/ban"), HttpStatusCode.Forbidden);
        await JournalClient.ProblemAsync(await alice.ModerateAsync($"/v1/admin/users/{admin.UserId}/ban"), HttpStatusCode.Forbidden);

        var ban = await admin.PostJsonAsync($"/v1/admin/users/{alice.UserId}/ban", new { reason = "abuse of tools" }, HttpStatusCode.OK);
        var appeal = await alice.PostJsonAsync("/v1/me/appeals", new { moderationActionId = ban.Id(), message = "let me decide this" });
        await JournalClient.ProblemAsync(await alice.ModerateAsync($"/v1/admin/appeals/{appeal.Id()}/decide", new { decision = "reverse" }), HttpStatusCode.Forbidden);
        await JournalClient.ProblemAsync(await alice.ModerateAsync($"/v1/admin/users/{alice.UserId}/unban"), HttpStatusCode.Forbidden);
        await JournalClient.ProblemAsync(await alice.TryPostAsync(), HttpStatusCode.Forbidden);

        // A report about a moderator's own post is for another moderator.
        var reporter = await JournalClient.RegisterAsync(Api);
        var post = await bob.PostAsync();
        var report = await reporter.FileReportAsync("post", post.Id());
        await JournalClient.ProblemAsync(await bob.ModerateAsync($"/v1/admin/reports/{report.Id()}/resolve", new { action = "dismiss" }), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await admin.ModerateAsync($"/v1/admin/reports/{report.Id()}/resolve", new { action = "dismiss" })).StatusCode);
    }

    [Fact]
    public async Task Reversing_an_appeal_does_not_undo_a_later_action()
    {
        var member = await JournalClient.RegisterAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        var suspension = await moderator.PostJsonAsync($"/v1/admin/users/{member.UserId}/suspend", new { reason = "spam", suspendDays = 2 }, HttpStatusCode.OK);
        var appeal = await member.PostJsonAsync("/v1/me/appeals", new { moderationActionId = suspension.Id(), message = "sorry" });
        await moderator.PostJsonAsync($"/v1/admin/users/{member.UserId}/ban", new { reason = "spam again" }, HttpStatusCode.OK);

        await JournalClient.ProblemAsync(await moderator.ModerateAsync($"/v1/admin/appeals/{appeal.Id()}/decide", new { decision = "reverse" }), HttpStatusCode.Conflict);
        Assert.True((bool)(await JournalClient.ProblemAsync(await member.TryPostAsync(), HttpStatusCode.Forbidden))["banned"]!);

        var author = await JournalClient.RegisterAsync(Api);
        var post = await author.PostAsync();
        var hide = await moderator.PostJsonAsync($"/v1/admin/posts/{post.Id()}/hide", new { }, HttpStatusCode.OK);
        var hideAppeal = await author.PostJsonAsync("/v1/me/appeals", new { moderationActionId = hide.Id(), message = "why" });
        await moderator.PostJsonAsync($"/v1/admin/posts/{post.Id()}/delete", new { }, HttpStatusCode.OK);
        await JournalClient.ProblemAsync(await moderator.ModerateAsync($"/v1/admin/appeals/{hideAppeal.Id()}/decide", new { decision = "reverse" }), HttpStatusCode.Conflict);
        await JournalClient.ProblemAsync(await member.Http.GetAsync($"/v1/community/posts/{post.Id()}"), HttpStatusCode.NotFound);
        Assert.Equal("upheld", (string)(await moderator.PostJsonAsync($"/v1/admin/appeals/{hideAppeal.Id()}/decide", new { decision = "uphold" }, HttpStatusCode.OK))["status"]!);
    }

    [Fact]
    public async Task A_claim_that_ran_out_puts_the_report_back_in_the_pending_queue()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var reporter = await JournalClient.RegisterAsync(Api);
        var alice = await CommunityClient.ModeratorAsync(Api);
        var bob = await CommunityClient.ModeratorAsync(Api);
        var report = await reporter.FileReportAsync("post", (await author.PostAsync()).Id());
        await alice.PostJsonAsync($"/v1/admin/reports/{report.Id()}/claim", new { }, HttpStatusCode.OK);
        await JournalClient.ProblemAsync(await bob.ModerateAsync($"/v1/admin/reports/{report.Id()}/claim"), HttpStatusCode.Conflict);

        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var pending = (await bob.GetJsonAsync("/v1/admin/reports?status=pending&limit=100"))["items"]!.AsArray();
        Assert.Equal("pending", (string)pending.Single(item => (string)item!["id"]! == report.Id())!["status"]!);
        Assert.Equal(bob.UserId.ToString(), (string)(await bob.PostJsonAsync($"/v1/admin/reports/{report.Id()}/claim", new { }, HttpStatusCode.OK))["claimedBy"]!);
    }

    [Fact]
    public async Task Hidden_content_is_out_of_members_reach_and_its_author_cannot_scrub_it_under_review()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var other = await JournalClient.RegisterAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        var post = await author.PostAsync();
        var comment = await author.CommentAsync(post.Id());
        await moderator.PostJsonAsync($"/v1/admin/posts/{post.Id()}/hide", new { }, HttpStatusCode.OK);
        await moderator.PostJsonAsync($"/v1/admin/comments/{comment.Id()}/hide", new { }, HttpStatusCode.OK);

        await JournalClient.ProblemAsync(await other.Http.PatchAsJsonAsync($"/v1/community/posts/{post.Id()}", new { content = "x" }), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await other.Http.DeleteAsync($"/v1/community/posts/{post.Id()}"), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await other.ReportAsync("post", post.Id()), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await other.ReportAsync("comment", comment.Id()), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await author.Http.DeleteAsync($"/v1/community/posts/{post.Id()}"), HttpStatusCode.Conflict);
        await JournalClient.ProblemAsync(await author.Http.DeleteAsync($"/v1/community/comments/{comment.Id()}"), HttpStatusCode.Conflict);
        Assert.Equal("hidden", (string)(await author.GetJsonAsync($"/v1/community/posts/{post.Id()}"))["status"]!);
    }

    [Fact]
    public async Task Dismissing_unfounded_reports_brings_back_what_they_hid()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        var post = await author.PostAsync("a fair opinion");
        JsonObject? report = null;
        for (var i = 0; i < 3; i++)
            report = await (await JournalClient.RegisterAsync(Api)).FileReportAsync("post", post.Id(), "misinformation");
        Assert.Equal("hidden", (string)(await author.GetJsonAsync($"/v1/community/posts/{post.Id()}"))["status"]!);

        await moderator.PostJsonAsync($"/v1/admin/reports/{report!.Id()}/resolve", new { action = "dismiss", notes = "not misinformation" }, HttpStatusCode.OK);

        var reader = await JournalClient.RegisterAsync(Api);
        Assert.Equal("visible", (string)(await reader.GetJsonAsync($"/v1/community/posts/{post.Id()}"))["status"]!);
        // The tally started again: one new report does not hide it.
        Assert.Equal(HttpStatusCode.Created, (await reader.ReportAsync("post", post.Id())).StatusCode);
        Assert.Equal("visible", (string)(await reader.GetJsonAsync($"/v1/community/posts/{post.Id()}"))["status"]!);
    }

    [Fact]
    public async Task Replies_nest_at_most_eight_deep_and_the_deepest_thread_still_reads()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var post = await author.PostAsync();
        string? parent = null;
        for (var depth = 0; depth <= 8; depth++) parent = (await author.CommentAsync(post.Id(), $"depth {depth}", parent)).Id();

        var tooDeep = await author.Http.PostAsJsonAsync($"/v1/community/posts/{post.Id()}/comments", new { content = "depth 9", parentCommentId = parent });
        await JournalClient.ProblemAsync(tooDeep, HttpStatusCode.Conflict);
        var node = (await author.GetJsonAsync($"/v1/community/posts/{post.Id()}/comments"))["items"]![0]!;
        for (var depth = 0; depth < 8; depth++) node = node["replies"]![0]!;
        Assert.Equal("depth 8", (string)node["content"]!);
    }

    [Fact]
    public async Task A_category_name_that_folds_to_a_taken_one_is_a_409()
    {
        var admin = await CommunityClient.AdminAsync(Api);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await admin.PostJsonAsync("/v1/admin/community/categories", new { name = "Kelvin " + suffix });
        // The Kelvin sign (U+212A) lower-cases to "k" in PostgreSQL.
        await JournalClient.ProblemAsync(await admin.Http.PostAsJsonAsync("/v1/admin/community/categories", new { name = "\u212Aelvin " + suffix }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_export_and_a_deletion_leave_no_other_accounts_id()
    {
        var member = await JournalClient.RegisterAsync(Api);
        var other = await JournalClient.RegisterAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        var othersPost = await other.PostAsync();
        var report = await member.FileReportAsync("post", othersPost.Id());
        await moderator.PostJsonAsync($"/v1/admin/reports/{report.Id()}/claim", new { }, HttpStatusCode.OK);
        await moderator.PostJsonAsync($"/v1/admin/reports/{report.Id()}/resolve", new { action = "hide" }, HttpStatusCode.OK);
        var warning = await moderator.PostJsonAsync($"/v1/admin/users/{member.UserId}/warn", new { }, HttpStatusCode.OK);
        var appeal = await member.PostJsonAsync("/v1/me/appeals", new { moderationActionId = warning.Id(), message = "why" });
        await moderator.PostJsonAsync($"/v1/admin/appeals/{appeal.Id()}/decide", new { decision = "uphold" }, HttpStatusCode.OK);
        Assert.Single((await member.GetJsonAsync("/v1/me/appeals"))["items"]!.AsArray());

        var export = await member.Http.GetStringAsync("/v1/me/export");
        Assert.DoesNotContain(moderator.UserId.ToString(), export, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(other.UserId.ToString(), export, StringComparison.OrdinalIgnoreCase);

        // The member, reported as a user and sanctioned, deletes their account: their id is gone everywhere.
        Assert.Equal(HttpStatusCode.Created, (await other.ReportAsync("user", member.UserId.ToString())).StatusCode);
        var deleted = await member.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/v1/me") { Content = JsonContent.Create(new { password = JournalClient.Password }) });
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await using var connection = Database.DataSource.CreateConnection();
        var id = member.UserId.ToString();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            """
            SELECT (SELECT count(*) FROM grain_state WHERE payload::text ILIKE '%' || @id || '%')
                 + (SELECT count(*) FROM moderation_actions WHERE target_id::text = @id OR affected_user_id::text = @id)
                 + (SELECT count(*) FROM community_reports WHERE target_id::text = @id OR reporter_id::text = @id OR target_author_id::text = @id)
            """, new { id }));
    }
}
