using System.Net;
using System.Net.Http.Json;
using Journal.Tests.Api;
using Journal.Tests.Community;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Stories;

/// <summary>Follows and friends-only stories (PRODUCT.md §7): friends are mutual follows, and an unfollow hides at once.</summary>
public sealed class FollowApiTests(PostgresDatabase database) : ApiTest(database, CommunityClient.Settings(establishedAccounts: true))
{
    [Fact]
    public async Task A_friends_story_is_read_by_mutual_followers_only_and_an_unfollow_hides_it_at_once()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var fan = await JournalClient.RegisterAsync(Api);
        var stranger = await JournalClient.RegisterAsync(Api);
        var story = await author.StoryAsync("friends", "For friends");
        var query = $"?author={await author.PseudonymAsync()}";

        // One way is not enough, in either direction.
        await fan.FollowAsync(author);
        await JournalClient.ProblemAsync(await fan.ReadStoryAsync(story.Id()), HttpStatusCode.NotFound);
        Assert.Empty(await fan.ListStoryTitlesAsync(query));
        await author.FollowAsync(stranger);
        await JournalClient.ProblemAsync(await stranger.ReadStoryAsync(story.Id()), HttpStatusCode.NotFound);

        await author.FollowAsync(fan);
        Assert.Equal(HttpStatusCode.OK, (await fan.ReadStoryAsync(story.Id())).StatusCode);
        Assert.Equal(["For friends"], await fan.ListStoryTitlesAsync(query));
        Assert.Empty(await stranger.ListStoryTitlesAsync(query));

        await author.UnfollowAsync(fan);
        await JournalClient.ProblemAsync(await fan.ReadStoryAsync(story.Id()), HttpStatusCode.NotFound);
        Assert.Empty(await fan.ListStoryTitlesAsync(query));
        await author.FollowAsync(fan);
        await fan.UnfollowAsync(author);
        await JournalClient.ProblemAsync(await fan.ReadStoryAsync(story.Id()), HttpStatusCode.NotFound);
        Assert.Empty(await fan.ListStoryTitlesAsync(query));
    }

    [Fact]
    public async Task Following_is_by_pseudonym_idempotent_listed_with_whether_they_follow_back()
    {
        var me = await JournalClient.RegisterAsync(Api);
        var friend = await JournalClient.RegisterAsync(Api);
        var idol = await JournalClient.RegisterAsync(Api);
        var friendName = await friend.PseudonymAsync();

        var first = await me.PostJsonAsync($"/v1/community/follows/{friendName}", new { }, HttpStatusCode.OK);
        Assert.False((bool)first["followsYou"]!);
        await friend.FollowAsync(me);
        var again = await me.PostJsonAsync($"/v1/community/follows/{friendName}", new { }, HttpStatusCode.OK);
        Assert.True((bool)again["followsYou"]!);
        Assert.Equal((string)first["since"]!, (string)again["since"]!);
        await me.FollowAsync(idol);

        var following = (await me.GetJsonAsync("/v1/community/follows"))["items"]!.AsArray();
        Assert.Equal([await idol.PseudonymAsync(), friendName], following.Select(item => (string)item!["pseudonym"]!));
        Assert.Equal([false, true], following.Select(item => (bool)item!["followsYou"]!));
        var page = await me.GetJsonAsync("/v1/community/follows?limit=1");
        Assert.Single(page["items"]!.AsArray());
        Assert.NotNull((string?)page["nextCursor"]);

        await JournalClient.ProblemAsync(await me.Http.PostAsync($"/v1/community/follows/{await me.PseudonymAsync()}", null), HttpStatusCode.Conflict);
        await JournalClient.ProblemAsync(await me.Http.PostAsync("/v1/community/follows/NobodyHere12345", null), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await me.Http.DeleteAsync("/v1/community/follows/NobodyHere12345"), HttpStatusCode.NotFound);
        var invalid = await JournalClient.ProblemAsync(await me.Http.PostAsync("/v1/community/follows/not_valid", null), HttpStatusCode.BadRequest);
        Assert.NotNull(invalid["errors"]!["pseudonym"]);
        // Unfollowing someone not followed changes nothing.
        await me.UnfollowAsync(idol);
        await me.UnfollowAsync(idol);
        Assert.Single((await me.GetJsonAsync("/v1/community/follows"))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_suspended_member_cannot_follow_or_write_stories_but_can_unfollow()
    {
        var member = await JournalClient.RegisterAsync(Api);
        var other = await JournalClient.RegisterAsync(Api);
        var moderator = await CommunityClient.ModeratorAsync(Api);
        await member.FollowAsync(other);
        var story = await member.StoryAsync();
        await moderator.PostJsonAsync($"/v1/admin/users/{member.UserId}/suspend", new { suspendDays = 1, reason = "spam" }, HttpStatusCode.OK);

        var refused = await JournalClient.ProblemAsync(await member.Http.PostAsync($"/v1/community/follows/{await moderator.PseudonymAsync()}", null), HttpStatusCode.Forbidden);
        Assert.Equal("sanctioned", (string)refused["type"]!);
        await JournalClient.ProblemAsync(await member.Http.PostAsync("/v1/community/stories", JsonContent.Create(new { title = "t", content = "c" })),
            HttpStatusCode.Forbidden);
        await JournalClient.ProblemAsync(await member.PatchStoryAsync(story.Id(), new { title = "t" }, "\"1\""), HttpStatusCode.Forbidden);
        await JournalClient.ProblemAsync(await member.DeleteStoryAsync(story.Id()), HttpStatusCode.Forbidden);
        await member.UnfollowAsync(other);
        Assert.Empty((await member.GetJsonAsync("/v1/community/follows"))["items"]!.AsArray());
    }
}
