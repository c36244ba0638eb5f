using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Community;

/// <summary>
/// The design card's promise: post and thread grains serialize community moderation, so no race between
/// an edit, a comment, a report and a moderator leaves a post in a state nobody chose. Each race is run
/// many times, with every request of a round sent at once.
/// </summary>
public sealed class CommunityRaceTests(PostgresDatabase database) : ApiTest(database, CommunityClient.Settings(establishedAccounts: true))
{
    private const int Rounds = 10;

    [Fact]
    public async Task A_moderator_hides_a_post_while_its_author_edits_it_and_others_comment()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        var commenters = new List<JournalClient>();
        for (var i = 0; i < 4; i++) commenters.Add(await JournalClient.RegisterAsync(Api));

        for (var round = 0; round < Rounds; round++)
        {
            var post = await author.PostAsync($"round {round}", "original");
            var edits = Enumerable.Range(0, 5).Select(i => author.Http.PatchAsJsonAsync($"/v1/community/posts/{post.Id()}", new { content = $"edit {i}" })).ToList();
            var comments = commenters.Select(commenter => commenter.TryCommentAsync(post.Id())).ToList();
            var hide = moderator.ModerateAsync($"/v1/admin/posts/{post.Id()}/hide", new { reason = "review" });
            await Task.WhenAll([.. edits, .. comments, hide]);

            Assert.Equal(HttpStatusCode.OK, (await hide).StatusCode);
            var final = await moderator.GetJsonAsync($"/v1/community/posts/{post.Id()}");
            Assert.Equal("hidden", (string)final["status"]!);
            // Every edit either happened before the hide (200) or was refused (409); the last accepted one is the content.
            var accepted = new List<JsonObject>();
            foreach (var edit in edits)
            {
                var response = await edit;
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"edit answered {(int)response.StatusCode}");
                if (response.StatusCode == HttpStatusCode.OK) accepted.Add((await response.Content.ReadFromJsonAsync<JsonObject>())!);
            }
            var expected = accepted.Count == 0 ? "original" : (string)accepted.MaxBy(body => DateTimeOffset.Parse((string)body["editedAt"]!))!["content"]!;
            Assert.Equal(expected, (string)final["content"]!);
            var hiddenAt = DateTimeOffset.Parse((string)final["updatedAt"]!);
            Assert.All(accepted, body => Assert.True(DateTimeOffset.Parse((string)body["editedAt"]!) <= hiddenAt));
            // Comments were taken before the hide or refused; the thread holds exactly the taken ones.
            var taken = new List<string>();
            foreach (var comment in comments)
            {
                var response = await comment;
                Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict or HttpStatusCode.NotFound, $"comment answered {(int)response.StatusCode}");
                if (response.StatusCode == HttpStatusCode.Created) taken.Add((string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
            }
            var thread = await moderator.GetJsonAsync($"/v1/community/posts/{post.Id()}/comments");
            Assert.Equal(taken.Order(), thread["items"]!.AsArray().Select(item => (string)item!["id"]!).Order());
            var log = (await moderator.GetJsonAsync($"/v1/admin/modlog?userId={author.UserId}&limit=100"))["items"]!.AsArray();
            Assert.Single(log, item => (string)item!["targetId"]! == post.Id());
        }
    }

    [Fact]
    public async Task Two_moderators_claiming_and_resolving_one_report_exactly_one_succeeds()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var alice = await CommunityClient.ModeratorAsync(Api);
        var bob = await CommunityClient.ModeratorAsync(Api);
        var reporters = new List<JournalClient>();
        for (var i = 0; i < Rounds; i++) reporters.Add(await JournalClient.RegisterAsync(Api));

        for (var round = 0; round < Rounds; round++)
        {
            var post = await author.PostAsync($"round {round}");
            var report = await reporters[round].FileReportAsync("post", post.Id());

            async Task<HttpStatusCode> ClaimAndResolve(JournalClient moderator, string action)
            {
                var claim = await moderator.ModerateAsync($"/v1/admin/reports/{report.Id()}/claim");
                if (claim.StatusCode != HttpStatusCode.OK) return claim.StatusCode;
                return (await moderator.ModerateAsync($"/v1/admin/reports/{report.Id()}/resolve", new { action })).StatusCode;
            }

            var outcomes = await Task.WhenAll(ClaimAndResolve(alice, "hide"), ClaimAndResolve(bob, "dismiss"));
            Assert.Single(outcomes, status => status == HttpStatusCode.OK);
            Assert.Single(outcomes, status => status == HttpStatusCode.Conflict);

            // The post shows the winner's decision, and the mod log holds exactly one decision for the report.
            var winner = outcomes[0] == HttpStatusCode.OK ? "hide" : "dismiss";
            Assert.Equal(winner == "hide" ? "hidden" : "visible", (string)(await alice.GetJsonAsync($"/v1/community/posts/{post.Id()}"))["status"]!);
            await using var connection = Database.DataSource.CreateConnection();
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM moderation_actions WHERE report_id = @id", new { id = Guid.Parse(report.Id()) }));
        }
    }

    [Fact]
    public async Task A_hundred_parallel_reports_give_an_exact_tally_and_exactly_one_auto_hide()
    {
        var author = await JournalClient.RegisterAsync(Api);
        // Registered ten at a time: the race under test is the reports', not the sign-ups'.
        var reporters = new List<JournalClient>();
        for (var batch = 0; batch < 10; batch++) reporters.AddRange(await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => JournalClient.RegisterAsync(Api))));

        for (var round = 0; round < 3; round++)
        {
            var post = await author.PostAsync($"round {round}");
            var responses = await Task.WhenAll(reporters.Select(reporter => reporter.ReportAsync("post", post.Id(), round == 1 ? "hate" : "spam")));
            // Each report is counted before the hide, or finds the post gone from members' view (404).
            Assert.All(responses, response => Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.NotFound, $"report answered {(int)response.StatusCode}"));
            var counted = responses.Count(response => response.StatusCode == HttpStatusCode.Created);
            Assert.InRange(counted, 3, 100);

            await using var connection = Database.DataSource.CreateConnection();
            var postId = Guid.Parse(post.Id());
            Assert.Equal(counted, await connection.ExecuteScalarAsync<int>("SELECT count(DISTINCT reporter_id) FROM community_reports WHERE target_id = @postId", new { postId }));
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM moderation_actions WHERE target_id = @postId AND action = 'auto_hide'", new { postId }));
            Assert.Equal("hidden", await connection.ExecuteScalarAsync<string>("SELECT status FROM community_posts WHERE id = @postId", new { postId }));
            // The post grain's own tally counted every reporter once.
            var tally = await connection.ExecuteScalarAsync<string>("SELECT payload::text FROM grain_state WHERE replace(grain_key, '-', '') LIKE '%' || @key || '%' AND state_name = 'post'", new { key = postId.ToString("N") });
            Assert.Equal(counted, JsonNode.Parse(tally!)!["reporters"]!.AsArray().Count);
        }
    }

    [Fact]
    public async Task Comments_sent_while_a_thread_is_locked_are_in_before_the_lock_or_refused()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        var commenters = new List<JournalClient>();
        for (var i = 0; i < 5; i++) commenters.Add(await JournalClient.RegisterAsync(Api));

        for (var round = 0; round < Rounds; round++)
        {
            var post = await author.PostAsync($"round {round}");
            var comments = commenters.SelectMany(commenter => Enumerable.Range(0, 3).Select(_ => commenter.TryCommentAsync(post.Id()))).ToList();
            var lockResponse = await moderator.ModerateAsync($"/v1/admin/posts/{post.Id()}/lock");
            Assert.Equal(HttpStatusCode.OK, lockResponse.StatusCode);
            var lockedAt = DateTimeOffset.Parse((string)(await lockResponse.Content.ReadFromJsonAsync<JsonObject>())!["createdAt"]!);
            // Once the lock has returned, nothing gets in.
            await JournalClient.ProblemAsync(await commenters[0].TryCommentAsync(post.Id()), HttpStatusCode.Conflict);

            var taken = new List<JsonObject>();
            foreach (var response in await Task.WhenAll(comments))
            {
                Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"comment answered {(int)response.StatusCode}");
                if (response.StatusCode == HttpStatusCode.Created) taken.Add((await response.Content.ReadFromJsonAsync<JsonObject>())!);
            }
            Assert.All(taken, comment => Assert.True(DateTimeOffset.Parse((string)comment["createdAt"]!) <= lockedAt, "a comment was taken after the lock"));
            var thread = await author.GetJsonAsync($"/v1/community/posts/{post.Id()}/comments");
            Assert.False((bool)thread["acceptsComments"]!);
            Assert.Equal(taken.Select(comment => comment.Id()).Order(), thread["items"]!.AsArray().Select(item => (string)item!["id"]!).Order());
        }
    }
}
