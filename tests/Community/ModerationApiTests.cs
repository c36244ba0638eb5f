using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Tests.Community;

/// <summary>
/// The moderators' and admins' API (PRODUCT.md §8): who may call what, the queue with claims and
/// resolutions, moderator actions, the mod log, appeals and their reversal, categories, roles and the audit log.
/// </summary>
public sealed class ModerationApiTests(PostgresDatabase database) : ApiTest(database, CommunityClient.Settings(establishedAccounts: true))
{
    /// <summary>Routes PRODUCT.md reserves for admins; the matrix below also checks each of them carries the admin policy.</summary>
    private static readonly string[] KnownAdminOnly = ["/v1/admin/users/{id:guid}/roles", "/v1/admin/community/categories", "/v1/admin/audit"];

    [Fact]
    public async Task Users_get_403_on_every_admin_route_and_moderators_on_the_admin_only_ones()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        var routes = Api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText!.StartsWith("/v1/admin", StringComparison.Ordinal))
            .SelectMany(endpoint => endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(method => (
                Method: method,
                Pattern: endpoint.RoutePattern.RawText!,
                AdminOnly: endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(data => data.Policy == "admin"))))
            .ToList();
        Assert.True(routes.Count >= 20, $"only {routes.Count} admin routes");
        Assert.All(KnownAdminOnly, prefix => Assert.All(routes.Where(route => route.Pattern.StartsWith(prefix, StringComparison.Ordinal)), route => Assert.True(route.AdminOnly, route.Pattern)));

        foreach (var (method, pattern, adminOnly) in routes)
        {
            var path = pattern.Replace("{id:guid}", Guid.NewGuid().ToString());
            var request = () => new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) };
            Assert.True((await user.Http.SendAsync(request())).StatusCode == HttpStatusCode.Forbidden, $"{method} {pattern} let a user in");
            var asModerator = (await moderator.Http.SendAsync(request())).StatusCode;
            if (adminOnly)
                Assert.True(asModerator == HttpStatusCode.Forbidden, $"{method} {pattern} let a moderator in");
            else
                Assert.True(asModerator != HttpStatusCode.Forbidden && asModerator != HttpStatusCode.Unauthorized, $"{method} {pattern} refused a moderator: {asModerator}");
        }
        var anonymous = await Api.CreateClient().GetAsync("/v1/admin/reports");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_claimed_report_is_resolved_by_its_holder_with_every_open_report_of_the_target()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var post = await author.PostAsync("questionable");
        var first = await JournalClient.RegisterAsync(Api);
        var second = await JournalClient.RegisterAsync(Api);
        var reportId = (await first.FileReportAsync("post", post.Id())).Id();
        var otherReportId = (await second.FileReportAsync("post", post.Id(), "misinformation")).Id();
        var alice = await CommunityClient.ModeratorAsync(Api);
        var bob = await CommunityClient.ModeratorAsync(Api);

        var claimed = await alice.PostJsonAsync($"/v1/admin/reports/{reportId}/claim", new { }, HttpStatusCode.OK);
        Assert.Equal("under_review", (string)claimed["status"]!);
        Assert.Equal(alice.UserId.ToString(), (string)claimed["claimedBy"]!);
        await JournalClient.ProblemAsync(await bob.ModerateAsync($"/v1/admin/reports/{reportId}/claim"), HttpStatusCode.Conflict);
        await JournalClient.ProblemAsync(await bob.ModerateAsync($"/v1/admin/reports/{reportId}/resolve", new { action = "dismiss" }), HttpStatusCode.Conflict);
        var problem = await JournalClient.ProblemAsync(await alice.ModerateAsync($"/v1/admin/reports/{reportId}/resolve", new { action = "suspend" }), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["suspendDays"]);
        problem = await JournalClient.ProblemAsync(await alice.ModerateAsync($"/v1/admin/reports/{reportId}/resolve", new { action = "lock" }), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["action"]);

        var resolved = await alice.PostJsonAsync($"/v1/admin/reports/{reportId}/resolve", new { action = "hide", notes = "misleading health claims" }, HttpStatusCode.OK);
        Assert.Equal("resolved", (string)resolved["status"]!);
        Assert.Equal("hide", (string)resolved["resolution"]!);
        await JournalClient.ProblemAsync(await bob.ModerateAsync($"/v1/admin/reports/{otherReportId}/resolve", new { action = "dismiss" }), HttpStatusCode.Conflict);
        Assert.Equal("hidden", (string)(await author.GetJsonAsync($"/v1/community/posts/{post.Id()}"))["status"]!);

        var log = await alice.GetJsonAsync($"/v1/admin/modlog?userId={author.UserId}");
        var hide = Assert.Single(log["items"]!.AsArray());
        Assert.Equal("hide", (string)hide!["action"]!);
        Assert.Equal(reportId, (string)hide["reportId"]!);
        await JournalClient.ProblemAsync(await alice.ModerateAsync($"/v1/admin/reports/{Guid.NewGuid()}/claim"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Resolving_with_a_sanction_sanctions_the_author_and_tells_them()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var reporter = await JournalClient.RegisterAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        var post = await author.PostAsync();
        var comment = await author.CommentAsync(post.Id(), "insult");
        var report = await reporter.FileReportAsync("comment", comment.Id(), "harassment");

        await moderator.PostJsonAsync($"/v1/admin/reports/{report.Id()}/resolve", new { action = "suspend", suspendDays = 2, notes = "harassment" }, HttpStatusCode.OK);

        var problem = await JournalClient.ProblemAsync(await author.TryCommentAsync(post.Id()), HttpStatusCode.Forbidden);
        Assert.Equal("sanctioned", (string)problem["type"]!);
        var history = (await author.GetJsonAsync("/v1/me/moderation"))["items"]!.AsArray();
        var suspension = Assert.Single(history);
        Assert.Equal("suspend", (string)suspension!["action"]!);
        Assert.Null(suspension["moderatorId"]);
        Assert.Contains((await author.GetJsonAsync("/v1/me/notifications"))["items"]!.AsArray(), item => ((string)item!["title"]!).Contains("suspended"));
    }

    [Fact]
    public async Task Moderators_hide_lock_and_delete_posts_and_the_post_follows()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var reader = await JournalClient.RegisterAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        var post = await author.PostAsync();

        Assert.Equal("lock", (string)(await moderator.PostJsonAsync($"/v1/admin/posts/{post.Id()}/lock", new { reason = "heated" }, HttpStatusCode.OK))["action"]!);
        await JournalClient.ProblemAsync(await reader.TryCommentAsync(post.Id()), HttpStatusCode.Conflict);
        await JournalClient.ProblemAsync(await author.Http.PatchAsJsonAsync($"/v1/community/posts/{post.Id()}", new { content = "x" }), HttpStatusCode.Conflict);
        Assert.False((bool)(await reader.GetJsonAsync($"/v1/community/posts/{post.Id()}/comments"))["acceptsComments"]!);
        await moderator.PostJsonAsync($"/v1/admin/posts/{post.Id()}/unlock", new { }, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Created, (await reader.TryCommentAsync(post.Id())).StatusCode);

        await moderator.PostJsonAsync($"/v1/admin/posts/{post.Id()}/hide", new { }, HttpStatusCode.OK);
        await JournalClient.ProblemAsync(await reader.Http.GetAsync($"/v1/community/posts/{post.Id()}"), HttpStatusCode.NotFound);
        await moderator.PostJsonAsync($"/v1/admin/posts/{post.Id()}/unhide", new { }, HttpStatusCode.OK);
        Assert.Equal("visible", (string)(await reader.GetJsonAsync($"/v1/community/posts/{post.Id()}"))["status"]!);

        await moderator.PostJsonAsync($"/v1/admin/posts/{post.Id()}/delete", new { reason = "spam" }, HttpStatusCode.OK);
        await JournalClient.ProblemAsync(await author.Http.GetAsync($"/v1/community/posts/{post.Id()}"), HttpStatusCode.NotFound);
        Assert.Equal("deleted", (string)(await moderator.GetJsonAsync($"/v1/community/posts/{post.Id()}"))["status"]!);
        await JournalClient.ProblemAsync(await moderator.ModerateAsync($"/v1/admin/posts/{Guid.NewGuid()}/hide"), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await moderator.ModerateAsync($"/v1/admin/users/{Guid.NewGuid()}/warn"), HttpStatusCode.NotFound);
        var problem = await JournalClient.ProblemAsync(await moderator.ModerateAsync($"/v1/admin/users/{author.UserId}/suspend", new { suspendDays = 0 }), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["suspendDays"]);
    }

    [Fact]
    public async Task An_appeal_is_one_per_action_and_a_reversal_restores_the_content()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var stranger = await JournalClient.RegisterAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        var post = await author.PostAsync("My honest story");
        var deletion = await moderator.PostJsonAsync($"/v1/admin/posts/{post.Id()}/delete", new { reason = "mistaken for spam" }, HttpStatusCode.OK);

        await JournalClient.ProblemAsync(await stranger.Http.PostAsJsonAsync("/v1/me/appeals", new { moderationActionId = deletion.Id(), message = "not mine" }), HttpStatusCode.NotFound);
        var problem = await JournalClient.ProblemAsync(await author.Http.PostAsJsonAsync("/v1/me/appeals", new { moderationActionId = deletion.Id() }), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["message"]);
        var appeal = await author.PostJsonAsync("/v1/me/appeals", new { moderationActionId = deletion.Id(), message = "It is my own experience." });
        Assert.Equal("pending", (string)appeal["status"]!);
        await JournalClient.ProblemAsync(await author.Http.PostAsJsonAsync("/v1/me/appeals", new { moderationActionId = deletion.Id(), message = "again" }), HttpStatusCode.Conflict);

        var pending = await moderator.GetJsonAsync("/v1/admin/appeals?status=pending&limit=100");
        Assert.Contains(pending["items"]!.AsArray(), item => (string)item!["id"]! == appeal.Id());
        var decided = await moderator.PostJsonAsync($"/v1/admin/appeals/{appeal.Id()}/decide", new { decision = "reverse", notes = "You are right, sorry." }, HttpStatusCode.OK);
        Assert.Equal("reversed", (string)decided["status"]!);
        await JournalClient.ProblemAsync(await moderator.ModerateAsync($"/v1/admin/appeals/{appeal.Id()}/decide", new { decision = "uphold" }), HttpStatusCode.Conflict);

        var restored = await stranger.GetJsonAsync($"/v1/community/posts/{post.Id()}");
        Assert.Equal("visible", (string)restored["status"]!);
        Assert.Equal("My honest story", (string)restored["title"]!);
        var history = (await author.GetJsonAsync("/v1/me/moderation"))["items"]!.AsArray();
        Assert.NotNull(history.Single(item => (string)item!["id"]! == deletion.Id())!["reversedAt"]);
        Assert.Contains(history, item => (string)item!["action"]! == "restore");
        Assert.Contains((await author.GetJsonAsync("/v1/me/notifications"))["items"]!.AsArray(), item => ((string)item!["title"]!).Contains("appeal was accepted"));
    }

    [Fact]
    public async Task An_upheld_suspension_stays_and_a_reversed_one_is_lifted()
    {
        var member = await JournalClient.RegisterAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        var first = await moderator.PostJsonAsync($"/v1/admin/users/{member.UserId}/suspend", new { reason = "spam", suspendDays = 5 }, HttpStatusCode.OK);
        var upheld = await member.PostJsonAsync("/v1/me/appeals", new { moderationActionId = first.Id(), message = "please" });
        Assert.Equal("upheld", (string)(await moderator.PostJsonAsync($"/v1/admin/appeals/{upheld.Id()}/decide", new { decision = "uphold" }, HttpStatusCode.OK))["status"]!);
        await JournalClient.ProblemAsync(await member.TryPostAsync(), HttpStatusCode.Forbidden);

        var second = await moderator.PostJsonAsync($"/v1/admin/users/{member.UserId}/ban", new { reason = "spam" }, HttpStatusCode.OK);
        var appeal = await member.PostJsonAsync("/v1/me/appeals", new { moderationActionId = second.Id(), message = "that was my brother" });
        await moderator.PostJsonAsync($"/v1/admin/appeals/{appeal.Id()}/decide", new { decision = "reverse" }, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Created, (await member.TryPostAsync()).StatusCode);
    }

    [Fact]
    public async Task Admins_manage_categories_and_a_category_with_posts_cannot_be_deleted()
    {
        var admin = await CommunityClient.AdminAsync(Api);
        var user = await JournalClient.RegisterAsync(Api);
        var name = "Sleep " + Guid.NewGuid().ToString("N")[..6];
        var category = await admin.PostJsonAsync("/v1/admin/community/categories", new { name, description = "Rest and routines", order = 5 });
        await JournalClient.ProblemAsync(await admin.Http.PostAsJsonAsync("/v1/admin/community/categories", new { name = name.ToUpperInvariant() }), HttpStatusCode.Conflict);
        var problem = await JournalClient.ProblemAsync(await admin.Http.PostAsJsonAsync("/v1/admin/community/categories", new { description = "no name" }), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["name"]);

        var renamed = await admin.Http.PatchAsJsonAsync($"/v1/admin/community/categories/{category.Id()}", new { name = name + " & rest" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Contains((await user.GetJsonAsync("/v1/community/categories"))["items"]!.AsArray(), item => (string)item!["name"]! == name + " & rest");

        await user.PostAsync(category: category.Id());
        var refused = await JournalClient.ProblemAsync(await admin.Http.DeleteAsync($"/v1/admin/community/categories/{category.Id()}"), HttpStatusCode.Conflict);
        Assert.Contains("posts", (string)refused["detail"]!);
        var empty = await admin.PostJsonAsync("/v1/admin/community/categories", new { name = "Empty " + Guid.NewGuid().ToString("N")[..6] });
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.DeleteAsync($"/v1/admin/community/categories/{empty.Id()}")).StatusCode);
        await JournalClient.ProblemAsync(await admin.Http.DeleteAsync($"/v1/admin/community/categories/{empty.Id()}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Admins_set_roles_which_apply_to_the_next_request_and_are_audited()
    {
        var admin = await CommunityClient.AdminAsync(Api);
        var user = await JournalClient.RegisterAsync(Api);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.Http.GetAsync("/v1/admin/reports")).StatusCode);

        var granted = await admin.Http.PutAsJsonAsync($"/v1/admin/users/{user.UserId}/roles", new { roles = new[] { "moderator" } });
        var roles = (await granted.Content.ReadFromJsonAsync<JsonObject>())!["roles"]!.AsArray().Select(role => (string)role!);
        Assert.Equal(["user", "moderator"], roles);
        Assert.Equal(HttpStatusCode.OK, (await user.Http.GetAsync("/v1/admin/reports")).StatusCode);

        var problem = await JournalClient.ProblemAsync(await admin.Http.PutAsJsonAsync($"/v1/admin/users/{user.UserId}/roles", new { roles = new[] { "god" } }), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["roles"]);
        await JournalClient.ProblemAsync(await admin.Http.PutAsJsonAsync($"/v1/admin/users/{Guid.NewGuid()}/roles", new { roles = new[] { "user" } }), HttpStatusCode.NotFound);
        await admin.Http.PutAsJsonAsync($"/v1/admin/users/{user.UserId}/roles", new { roles = new[] { "user" } });
        Assert.Equal(HttpStatusCode.Forbidden, (await user.Http.GetAsync("/v1/admin/reports")).StatusCode);

        var audit = await admin.GetJsonAsync("/v1/admin/audit?event=role_change&limit=100");
        var userHash = Api.Services.GetRequiredService<Journal.Api.Audit.AuditLog>().Hash(user.UserId.ToString("N"));
        Assert.Equal(2, audit["items"]!.AsArray().Count(item => (string?)item!["userHash"] == userHash));
        await JournalClient.ProblemAsync(await admin.Http.GetAsync("/v1/admin/audit?cursor=abc"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Moderation_actions_are_in_the_security_audit_log()
    {
        var member = await JournalClient.RegisterAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        var admin = await CommunityClient.AdminAsync(Api);
        await moderator.PostJsonAsync($"/v1/admin/users/{member.UserId}/warn", new { reason = "be kind" }, HttpStatusCode.OK);

        var moderatorHash = Api.Services.GetRequiredService<Journal.Api.Audit.AuditLog>().Hash(moderator.UserId.ToString("N"));
        var audit = await admin.GetJsonAsync("/v1/admin/audit?event=moderation&limit=100");
        var entry = Assert.Single(audit["items"]!.AsArray(), item => (string?)item!["userHash"] == moderatorHash);
        Assert.Equal("warn", (string)entry!["details"]!["action"]!);
        // The warned member is named by their hash too, never by their id.
        Assert.Equal(Api.Services.GetRequiredService<Journal.Api.Audit.AuditLog>().Hash(member.UserId.ToString("N")), (string)entry["details"]!["targetId"]!);
        await using var connection = Database.DataSource.CreateConnection();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM audit_log WHERE details::text ILIKE '%' || @id || '%'",
            new { id = member.UserId.ToString() }));
    }
}
