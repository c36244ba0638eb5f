using System.Net;
using System.Net.Http.Json;
using Dapper;
using Journal.Tests.Api;
using Journal.Tests.Community;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Stories;

/// <summary>Account deletion and export (PRODUCT.md §1) for stories and follows.</summary>
public sealed class StoryDeletionTests(PostgresDatabase database) : ApiTest(database, CommunityClient.Settings(establishedAccounts: true))
{
    [Fact]
    public async Task Public_stories_stay_under_the_pseudonym_the_others_are_erased_and_the_follows_go()
    {
        var leaving = await JournalClient.RegisterAsync(Api);
        var staying = await JournalClient.RegisterAsync(Api);
        var pseudonym = await leaving.PseudonymAsync();
        var open = await leaving.StoryAsync("public", "Still here", "public words", ["hope"]);
        await leaving.StoryAsync("friends", "For friends", "friends words");
        await leaving.StoryAsync("private", "Just me", "private words");
        await leaving.FollowAsync(staying);
        await staying.FollowAsync(leaving);

        await DeleteAccountAsync(leaving, deleteCommunityContent: false);

        var read = (await (await staying.ReadStoryAsync(open.Id())).Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!;
        Assert.Equal("Still here", (string)read["title"]!);
        Assert.Equal(pseudonym, (string)read["author"]!["pseudonym"]!);
        Assert.Equal(["Still here"], await staying.ListStoryTitlesAsync($"?author={pseudonym}"));
        Assert.Empty((await staying.GetJsonAsync("/v1/community/follows"))["items"]!.AsArray());

        await using var connection = Database.DataSource.CreateConnection();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            """
            SELECT (SELECT count(*) FROM stories WHERE author_id = @id OR content IN ('friends words', 'private words') OR title IN ('For friends', 'Just me'))
                 + (SELECT count(*) FROM community_follows WHERE follower_id = @id OR followee_id = @id)
            """,
            new { id = leaving.UserId }));
        Assert.Equal(3, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM stories WHERE author_pseudonym = @pseudonym", new { pseudonym }));
    }

    [Fact]
    public async Task With_deleteCommunityContent_every_story_is_erased_and_reports_lose_the_reporter()
    {
        var leaving = await JournalClient.RegisterAsync(Api);
        var staying = await JournalClient.RegisterAsync(Api);
        var open = await leaving.StoryAsync("public", "Regret", "identifying details");
        var reported = await staying.StoryAsync("public", "Reported");
        await leaving.FileReportAsync("story", reported.Id());

        await DeleteAccountAsync(leaving, deleteCommunityContent: true);

        await JournalClient.ProblemAsync(await staying.ReadStoryAsync(open.Id()), HttpStatusCode.NotFound);
        await using var connection = Database.DataSource.CreateConnection();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            "SELECT (SELECT count(*) FROM stories WHERE content LIKE '%identifying%' OR title = 'Regret') + (SELECT count(*) FROM community_reports WHERE reporter_id = @id)",
            new { id = leaving.UserId }));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM community_reports WHERE target_type = 'story' AND target_id = @target AND reporter_id IS NULL", new { target = Guid.Parse(reported.Id()) }));
        // The story's tally kept the count with a stand-in, so the same threshold still applies.
        var tally = await connection.ExecuteScalarAsync<string>(
            "SELECT payload::text FROM grain_state WHERE replace(grain_key, '-', '') LIKE '%' || @key || '%' AND state_name = 'story'",
            new { key = reported.Id().Replace("-", "") });
        Assert.Single(System.Text.Json.Nodes.JsonNode.Parse(tally!)!["reporters"]!.AsArray());
        Assert.DoesNotContain(leaving.UserId.ToString(), tally);
    }

    [Fact]
    public async Task The_export_holds_the_members_stories_and_follows_both_ways()
    {
        var member = await JournalClient.RegisterAsync(Api);
        var followed = await JournalClient.RegisterAsync(Api);
        var follower = await JournalClient.RegisterAsync(Api);
        await member.StoryAsync("private", "My private story", "only mine", ["sleep"]);
        await member.FollowAsync(followed);
        await follower.FollowAsync(member);

        var community = (await member.GetJsonAsync("/v1/me/export"))["community"]!;
        var story = Assert.Single(community["stories"]!.AsArray())!;
        Assert.Equal("My private story", (string)story["title"]!);
        Assert.Equal("only mine", (string)story["content"]!);
        Assert.Equal("private", (string)story["visibility"]!);
        Assert.Equal("sleep", (string)story["tags"]![0]!);
        Assert.Equal(await followed.PseudonymAsync(), (string)Assert.Single(community["following"]!.AsArray())!["pseudonym"]!);
        Assert.Equal(await follower.PseudonymAsync(), (string)Assert.Single(community["followers"]!.AsArray())!["pseudonym"]!);
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
