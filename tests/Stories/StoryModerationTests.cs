using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Journal.Tests.Api;
using Journal.Tests.Community;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Stories;

/// <summary>Public stories are reported and moderated like posts: the same reports, policy, queue, sanctions and appeals.</summary>
public sealed class StoryModerationTests(PostgresDatabase database) : ApiTest(database, CommunityClient.Settings(establishedAccounts: true))
{
    [Fact]
    public async Task Three_reports_hide_a_public_story_from_others_and_its_author_cannot_scrub_it_while_under_review()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var reader = await JournalClient.RegisterAsync(Api);
        var story = await author.StoryAsync(title: "Questionable");
        await JournalClient.ProblemAsync(await author.ReportAsync("story", story.Id()), HttpStatusCode.Conflict);
        for (var i = 0; i < 3; i++) await (await JournalClient.RegisterAsync(Api)).FileReportAsync("story", story.Id());

        await JournalClient.ProblemAsync(await reader.ReadStoryAsync(story.Id()), HttpStatusCode.NotFound);
        Assert.DoesNotContain("Questionable", await reader.ListStoryTitlesAsync());
        await JournalClient.ProblemAsync(await reader.ReportAsync("story", story.Id()), HttpStatusCode.NotFound);
        var own = (await (await author.ReadStoryAsync(story.Id())).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("hidden", (string)own["status"]!);
        await JournalClient.ProblemAsync(await author.PatchStoryAsync(story.Id(), new { visibility = "private" }, "*"), HttpStatusCode.Conflict);
        await JournalClient.ProblemAsync(await author.DeleteStoryAsync(story.Id()), HttpStatusCode.Conflict);
        var history = Assert.Single((await author.GetJsonAsync("/v1/me/moderation"))["items"]!.AsArray())!;
        Assert.Equal("auto_hide", (string)history["action"]!);
        Assert.Equal("story", (string)history["targetType"]!);
        Assert.Contains((await author.GetJsonAsync("/v1/me/notifications"))["items"]!.AsArray(), item => ((string)item!["title"]!).Contains("your story"));
    }

    [Fact]
    public async Task Reports_on_a_story_go_to_the_same_queue_and_a_resolution_hides_it_or_sanctions_its_author()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var reporter = await JournalClient.RegisterAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        var story = await author.StoryAsync(title: "Harmful");
        var report = await reporter.FileReportAsync("story", story.Id(), "self_harm");
        Assert.Equal("story", (string)report["targetType"]!);

        var queued = (await moderator.GetJsonAsync("/v1/admin/reports?priority=high"))["items"]!.AsArray();
        Assert.Contains(queued, item => (string)item!["targetId"]! == story.Id());
        Assert.Contains((await author.GetJsonAsync("/v1/me/notifications"))["items"]!.AsArray(), item => (string)item!["kind"]! == "crisis_resources");
        await moderator.PostJsonAsync($"/v1/admin/reports/{report.Id()}/claim", new { }, HttpStatusCode.OK);
        await moderator.PostJsonAsync($"/v1/admin/reports/{report.Id()}/resolve", new { action = "hide", notes = "unsafe" }, HttpStatusCode.OK);
        await JournalClient.ProblemAsync(await reporter.ReadStoryAsync(story.Id()), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await moderator.ReadStoryAsync(story.Id())).StatusCode);

        // The author appeals; a reversal unhides the story.
        var hide = (await author.GetJsonAsync("/v1/me/moderation"))["items"]!.AsArray().Single(item => (string)item!["action"]! == "hide")!;
        var appeal = await author.PostJsonAsync("/v1/me/appeals", new { moderationActionId = (string)hide["id"]!, message = "It was about recovery." });
        await moderator.PostJsonAsync($"/v1/admin/appeals/{appeal.Id()}/decide", new { decision = "reverse" }, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await reporter.ReadStoryAsync(story.Id())).StatusCode);

        var second = await author.StoryAsync(title: "Spam again");
        var spam = await reporter.FileReportAsync("story", second.Id(), "spam");
        await moderator.PostJsonAsync($"/v1/admin/reports/{spam.Id()}/resolve", new { action = "suspend", suspendDays = 1 }, HttpStatusCode.OK);
        var sanctioned = await JournalClient.ProblemAsync(await author.PatchStoryAsync(second.Id(), new { title = "x" }, "*"), HttpStatusCode.Forbidden);
        Assert.Equal("sanctioned", (string)sanctioned["type"]!);
        // The same sanction reaches the author's posts.
        await JournalClient.ProblemAsync(await author.TryPostAsync(), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Only_public_stories_are_reportable_and_moderators_act_on_stories_directly()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var friend = await JournalClient.RegisterAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        await author.FollowAsync(friend);
        await friend.FollowAsync(author);
        var forFriends = await author.StoryAsync("friends");
        var secret = await author.StoryAsync("private");
        await JournalClient.ProblemAsync(await friend.ReportAsync("story", forFriends.Id()), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await friend.ReportAsync("story", secret.Id()), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await friend.ReportAsync("story", Guid.NewGuid().ToString()), HttpStatusCode.NotFound);

        var story = await author.StoryAsync();
        Assert.Equal("hide", (string)(await moderator.PostJsonAsync($"/v1/admin/stories/{story.Id()}/hide", new { reason = "check" }, HttpStatusCode.OK))["action"]!);
        await JournalClient.ProblemAsync(await friend.ReadStoryAsync(story.Id()), HttpStatusCode.NotFound);
        await moderator.PostJsonAsync($"/v1/admin/stories/{story.Id()}/unhide", new { }, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await friend.ReadStoryAsync(story.Id())).StatusCode);
        await moderator.PostJsonAsync($"/v1/admin/stories/{story.Id()}/delete", new { }, HttpStatusCode.OK);
        await JournalClient.ProblemAsync(await author.ReadStoryAsync(story.Id()), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await moderator.ModerateAsync($"/v1/admin/stories/{Guid.NewGuid()}/hide")).StatusCode);
        var ownStory = await moderator.StoryAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.ModerateAsync($"/v1/admin/stories/{ownStory.Id()}/hide")).StatusCode);
    }

    [Fact]
    public async Task Dismissing_the_reports_that_hid_a_story_brings_it_back()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var reader = await JournalClient.RegisterAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        var story = await author.StoryAsync();
        var report = await moderator.FileReportAsync("story", story.Id());
        await JournalClient.ProblemAsync(await reader.ReadStoryAsync(story.Id()), HttpStatusCode.NotFound);

        var other = await CommunityClient.ModeratorAsync(Api);
        await other.PostJsonAsync($"/v1/admin/reports/{report.Id()}/resolve", new { action = "dismiss" }, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await reader.ReadStoryAsync(story.Id())).StatusCode);
    }
}
