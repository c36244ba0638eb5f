using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Journal.Tests.Api;
using Journal.Tests.Community;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Stories;

/// <summary>Stories through the API (PRODUCT.md §7): writing, reading, editing with If-Match, deleting, tags, lists and their pages.</summary>
public sealed class StoryApiTests(PostgresDatabase database) : ApiTest(database, CommunityClient.Settings(establishedAccounts: true))
{
    [Fact]
    public async Task A_story_is_written_read_edited_with_its_ETag_and_deleted()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var reader = await JournalClient.RegisterAsync(Api);
        var created = await author.Http.PostAsJsonAsync("/v1/community/stories",
            new { title = "  Morning walks  ", content = "# Day one\nI walked.", visibility = "PUBLIC", tags = new[] { "Hope", "growth", "hope" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        var story = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = story.Id();
        Assert.Equal($"/v1/community/stories/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("Morning walks", (string)story["title"]!);
        Assert.Equal("public", (string)story["visibility"]!);
        Assert.Equal(["hope", "growth"], story["tags"]!.AsArray().Select(tag => (string)tag!));
        Assert.True((bool)story["isOwn"]!);
        Assert.Equal(await author.PseudonymAsync(), (string)story["author"]!["pseudonym"]!);
        Assert.Null(story["authorId"]);

        var read = await reader.ReadStoryAsync(id);
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);
        var asReader = (await read.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.False((bool)asReader["isOwn"]!);
        Assert.Equal("# Day one\nI walked.", (string)asReader["content"]!);

        await JournalClient.ProblemAsync(await author.PatchStoryAsync(id, new { title = "no tag" }, ifMatch: null), HttpStatusCode.PreconditionRequired);
        var edited = await author.PatchStoryAsync(id, new { content = "Day two.", visibility = "private", tags = Array.Empty<string>() }, "\"1\"");
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal("\"2\"", edited.Headers.ETag!.Tag);
        var after = (await edited.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Morning walks", (string)after["title"]!);
        Assert.Equal("private", (string)after["visibility"]!);
        Assert.Empty(after["tags"]!.AsArray());
        Assert.NotNull(after["editedAt"]);
        Assert.Equal(2, (int)after["version"]!);
        var stale = await author.PatchStoryAsync(id, new { title = "late" }, "\"1\"");
        await JournalClient.ProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        Assert.Equal("\"2\"", stale.Headers.ETag!.Tag);
        await JournalClient.ProblemAsync(await reader.ReadStoryAsync(id), HttpStatusCode.NotFound);

        await JournalClient.ProblemAsync(await author.DeleteStoryAsync(id, "\"1\""), HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.NoContent, (await author.DeleteStoryAsync(id, "\"2\"")).StatusCode);
        await JournalClient.ProblemAsync(await author.ReadStoryAsync(id), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await author.DeleteStoryAsync(id), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_story_that_is_not_public_is_sealed_at_rest_and_read_through_its_authors_key()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var friend = await JournalClient.RegisterAsync(Api);
        await author.FollowAsync(friend);
        await friend.FollowAsync(author);
        var id = (await author.StoryAsync("friends", title: "Quokka mornings", content: "Zanzibar is where I cried.")).Id();

        Assert.Equal((null, null, true), await StoredAsync(id));
        Assert.Equal("Zanzibar is where I cried.", (string)(await friend.GetJsonAsync($"/v1/community/stories/{id}"))["content"]!);
        Assert.Contains("Quokka mornings", await friend.ListStoryTitlesAsync());
        Assert.Contains("Quokka mornings", await author.ListStoryTitlesAsync());

        // Made public, the words are in clear like a post's; made private again, sealed again.
        Assert.Equal(HttpStatusCode.OK, (await author.PatchStoryAsync(id, new { visibility = "public" }, "\"1\"")).StatusCode);
        Assert.Equal(("Quokka mornings", "Zanzibar is where I cried.", false), await StoredAsync(id));
        Assert.Equal(HttpStatusCode.OK, (await author.PatchStoryAsync(id, new { visibility = "private" }, "\"2\"")).StatusCode);
        Assert.Equal((null, null, true), await StoredAsync(id));
        Assert.Equal("Zanzibar is where I cried.", (string)(await author.GetJsonAsync($"/v1/community/stories/{id}"))["content"]!);
        Assert.Equal("Zanzibar is where I cried.", (string)(await author.GetJsonAsync("/v1/me/export"))["community"]!["stories"]![0]!["content"]!);
    }

    // The row's words in clear, and whether a sealed copy (without them in clear) is there.
    private async Task<(string? Title, string? Content, bool Sealed)> StoredAsync(string id)
    {
        await using var connection = Database.DataSource.CreateConnection();
        var row = await connection.QuerySingleAsync<(string? Title, string? Content, byte[]? SealedText)>(
            "SELECT title, content, sealed_text FROM stories WHERE id = @id", new { id = Guid.Parse(id) });
        if (row.SealedText is { } sealedText) Assert.DoesNotContain("Zanzibar", Encoding.UTF8.GetString(sealedText));
        return (row.Title, row.Content, row.SealedText is not null);
    }

    [Fact]
    public async Task Another_members_private_story_is_a_404_for_every_verb()
    {
        var author = await JournalClient.RegisterAsync(Api);
        var other = await JournalClient.RegisterAsync(Api);
        var story = await author.StoryAsync("private", "Only mine");
        Assert.Equal("private", (string)(await author.PostJsonAsync("/v1/community/stories", new { title = "default", content = "x" }))["visibility"]!);

        await JournalClient.ProblemAsync(await other.ReadStoryAsync(story.Id()), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await other.PatchStoryAsync(story.Id(), new { title = "mine now" }, "\"1\""), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await other.DeleteStoryAsync(story.Id()), HttpStatusCode.NotFound);
        Assert.DoesNotContain("Only mine", await other.ListStoryTitlesAsync());
        Assert.Contains("Only mine", await author.ListStoryTitlesAsync());
        // A public story is readable, but still not the reader's to change.
        var open = await author.StoryAsync("public");
        await JournalClient.ProblemAsync(await other.PatchStoryAsync(open.Id(), new { title = "mine now" }, "\"1\""), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await other.ReadStoryAsync(Guid.NewGuid().ToString()), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invalid_fields_are_400s_that_name_them()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var problem = await JournalClient.ProblemAsync(await user.Http.PostAsJsonAsync("/v1/community/stories",
            new { title = new string('t', 141), content = " ", visibility = "everyone", tags = new[] { "not-in-taxonomy" } }), HttpStatusCode.BadRequest);
        Assert.Equal(["content", "tags", "title", "visibility"], problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
        var tooMany = await JournalClient.ProblemAsync(await user.Http.PostAsJsonAsync("/v1/community/stories",
            new { title = "t", content = "c", tags = new[] { "hope", "grief", "sleep", "work", "study", "family" } }), HttpStatusCode.BadRequest);
        Assert.NotNull(tooMany["errors"]!["tags"]);
        var story = await user.StoryAsync();
        var empty = await JournalClient.ProblemAsync(await user.PatchStoryAsync(story.Id(), new { }, "\"1\""), HttpStatusCode.BadRequest);
        Assert.NotNull(empty["errors"]!["title"]);
        var blank = await JournalClient.ProblemAsync(await user.PatchStoryAsync(story.Id(), new { title = "", visibility = "secret" }, "\"1\""), HttpStatusCode.BadRequest);
        Assert.Equal(["title", "visibility"], blank["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
        var query = await JournalClient.ProblemAsync(await user.Http.GetAsync("/v1/community/stories?tag=nope&author=Not_A_Pseudonym&limit=0"), HttpStatusCode.BadRequest);
        Assert.Equal(["author", "limit", "tag"], query["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_create_retried_with_its_Idempotency_Key_is_answered_with_the_first_story()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var body = new { title = "Once", content = "Only once.", visibility = "private" };
        HttpRequestMessage Request(object content) => new(HttpMethod.Post, "/v1/community/stories")
        {
            Content = JsonContent.Create(content), Headers = { { "Idempotency-Key", "story-key-1" } },
        };

        var first = await user.Http.SendAsync(Request(body));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var retry = await user.Http.SendAsync(Request(body));
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonObject>())!.Id(), (await retry.Content.ReadFromJsonAsync<JsonObject>())!.Id());
        Assert.Equal("\"1\"", retry.Headers.ETag!.Tag);
        await JournalClient.ProblemAsync(await user.Http.SendAsync(Request(body with { title = "Twice" })), HttpStatusCode.UnprocessableEntity);
        Assert.Single(await user.ListStoryTitlesAsync($"?author={await user.PseudonymAsync()}"));
    }

    [Fact]
    public async Task Stories_are_listed_by_tag_and_by_author_newest_first_in_pages()
    {
        var alice = await JournalClient.RegisterAsync(Api);
        var bob = await JournalClient.RegisterAsync(Api);
        var tag = "small-wins";
        for (var i = 1; i <= 5; i++) await alice.StoryAsync(title: $"alice {i}", tags: i % 2 == 1 ? [tag] : ["work"]);
        await bob.StoryAsync(title: "bob public", tags: [tag]);
        await bob.StoryAsync("private", title: "bob private", tags: [tag]);

        Assert.Equal(["alice 5", "alice 4", "alice 3", "alice 2", "alice 1"], await bob.ListStoryTitlesAsync($"?author={await alice.PseudonymAsync()}"));
        var tagged = await alice.ListStoryTitlesAsync($"?tag={tag}");
        Assert.Equal(["bob public", "alice 5", "alice 3", "alice 1"], tagged.Where(title => title.StartsWith("alice") || title.StartsWith("bob")));
        Assert.Equal(["bob public"], await alice.ListStoryTitlesAsync($"?tag={tag}&author={await bob.PseudonymAsync()}"));
        Assert.Equal(["bob private", "bob public"], await bob.ListStoryTitlesAsync($"?tag={tag}&author={await bob.PseudonymAsync()}"));

        var titles = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await bob.GetJsonAsync($"/v1/community/stories?author={await alice.PseudonymAsync()}&limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            titles.AddRange(page["items"]!.AsArray().Select(item => (string)item!["title"]!));
            cursor = (string?)page["nextCursor"];
            pages++;
        }
        while (cursor is not null);
        Assert.Equal(3, pages);
        Assert.Equal(["alice 5", "alice 4", "alice 3", "alice 2", "alice 1"], titles);
        await JournalClient.ProblemAsync(await bob.Http.GetAsync("/v1/community/stories?cursor=garbage"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_tag_taxonomy_is_served_and_the_document_states_the_bounds_the_API_holds()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var taxonomy = (await user.GetJsonAsync("/v1/community/tags"))["items"]!.AsArray().Select(tag => (string)tag!).ToList();
        Assert.Contains("hope", taxonomy);

        var document = (await (await Api.CreateClient().GetAsync("/openapi/v1.json")).Content.ReadFromJsonAsync<JsonObject>())!;
        var fields = document["components"]!["schemas"]!["StoryBody"]!["properties"]!;
        var maxTitle = (int)fields["title"]!["maxLength"]!;
        var maxContent = (int)fields["content"]!["maxLength"]!;
        var maxTags = (int)fields["tags"]!["maxItems"]!;
        Assert.Equal(taxonomy, fields["tags"]!["items"]!["enum"]!.AsArray().Select(tag => (string)tag!));
        Assert.Equal(["private", "public", "friends"], fields["visibility"]!["enum"]!.AsArray().Select(value => (string?)value).OfType<string>());
        Assert.Equal(140, maxTitle);

        await user.StoryAsync(title: new string('t', maxTitle), content: new string('c', maxContent), tags: [.. taxonomy.Take(maxTags)]);
        var past = await JournalClient.ProblemAsync(await user.Http.PostAsJsonAsync("/v1/community/stories",
            new { title = new string('t', maxTitle + 1), content = new string('c', maxContent + 1), tags = taxonomy.Take(maxTags + 1) }), HttpStatusCode.BadRequest);
        Assert.Equal(["content", "tags", "title"], past["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
    }
}
