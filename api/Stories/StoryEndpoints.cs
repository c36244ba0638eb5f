using System.Collections.Immutable;
using Journal.Api.Auth;
using Journal.Api.Community;
using Journal.Api.Http;
using Journal.Api.OpenApi;
using Journal.Api.Problems;
using Journal.Api.Validation;
using Journal.GrainInterfaces.Community;
using Journal.GrainInterfaces.Stories;
using Journal.Grains.Privacy;
using Journal.Grains.Stories;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Journal.Api.Stories;

/// <summary>
/// Stories (PRODUCT.md §7, seed 004): short Markdown stories, private, public or for friends (mutual follows).
/// Writes go through the member's grain (sanctions), then the story's grain; who may read is <see cref="StoryAccess"/>.
/// Another member's story the caller may not read is a 404, as if it did not exist.
/// </summary>
public static class StoryEndpoints
{
    public static void MapStoryEndpoints(this IEndpointRouteBuilder app)
    {
        var stories = app.MapGroup("/v1/community/stories").WithTags("Stories").RequireAuthorization();
        stories.MapPost("", CreateAsync).WithSummary("Write a story").AcceptsIdempotencyKey().ProducesProblem(StatusCodes.Status403Forbidden)
            .WithDescription("Suspended or banned members get 403 sanctioned. Tags come from GET /v1/community/tags.");
        stories.MapGet("", ListAsync).WithSummary("List the stories I may read").WithQuery([StoryQueryFields.Author, StoryQueryFields.Tag, .. Paging.Fields])
            .WithDescription("Newest first: my own stories, public ones, and friends-only ones of members I follow who follow me back.");
        stories.MapGet("/{id:guid}", GetAsync).WithSummary("Read a story").ProducesProblem(StatusCodes.Status404NotFound);
        stories.MapPatch("/{id:guid}", EditAsync).WithSummary("Edit my story")
            .AcceptsIfMatch("The ETag the story was read with; a stale one is refused with 412.", required: true)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .WithDescription("Refused (409) while a moderator has the story hidden.");
        stories.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Delete my story")
            .AcceptsIfMatch("Optional: the ETag the story was read with; a stale one is refused with 412.", required: false)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithDescription("The text is erased. Refused (409) while a moderator has the story hidden: reports need its words.");
    }

    [Fields(typeof(StoryFields))]
    public sealed record StoryBody(string? Title, string? Content, string? Visibility, List<string?>? Tags);

    [Fields(typeof(StoryPatchFields))]
    public sealed record StoryPatch(string? Title, string? Content, string? Visibility, List<string?>? Tags);

    public static class StoryFields
    {
        public static readonly TextField Title = new("title", StoryLimits.MaxTitleLength) { Required = true };
        public static readonly TextField Content = new("content", StoryLimits.MaxContentLength) { Required = true, Description = "Markdown." };
        public static readonly ChoiceField<StoryVisibility> Visibility = ChoiceFields.Of<StoryVisibility>("visibility") with
        {
            Default = "private", Description = "private: only me; public: every member; friends: members I follow who follow me back.",
        };
        public static readonly ChoiceListField Tags = new("tags", CommunityTags.All, StoryLimits.MaxTags) { Description = "From the community tag taxonomy." };
    }

    public static class StoryPatchFields
    {
        public static readonly TextField Title = StoryFields.Title with { Required = false, Description = "Not blank; send only what changes." };
        public static readonly TextField Content = StoryFields.Content with { Required = false, Description = "Markdown; not blank." };
        public static readonly ChoiceField<StoryVisibility> Visibility = StoryFields.Visibility with { Default = null };
        public static readonly ChoiceListField Tags = StoryFields.Tags with { Description = "Replaces the tags; [] removes them." };
    }

    public static class StoryQueryFields
    {
        public static readonly TextField Author = FollowEndpoints.PseudonymField with { Name = "author", Required = false, Description = "Only this member's stories (their pseudonym)." };
        public static readonly ChoiceField Tag = new("tag", CommunityTags.All) { Description = "Only stories with this tag." };
    }

    private static async Task<Results<Created<StoryResponse>, Ok<StoryResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        StoryBody body, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator().Text(StoryFields.Title, body.Title).Text(StoryFields.Content, body.Content);
        var visibility = validator.Choice(StoryFields.Visibility, body.Visibility);
        var tags = validator.Choices(StoryFields.Tags, body.Tags ?? []);
        var idempotency = Idempotency.FromRequest(context, body, validator);
        if (!validator.IsValid) return validator.Problem();
        var userId = context.User.GetUserId();
        var result = await grains.GetGrain<IMemberGrain>(userId).CreateStoryAsync(new NewStory(body.Title!.Trim(), body.Content!, visibility!.Value, tags, idempotency));
        if (result.Status is not (CommunityStatus.Done or CommunityStatus.Replayed)) return CommunityProblems.For(result);
        var story = result.Item!;
        ETags.Set(context, story.Version);
        return result.Status == CommunityStatus.Replayed
            ? TypedResults.Ok(StoryResponse.From(story, userId))
            : TypedResults.Created($"/v1/community/stories/{story.Id}", StoryResponse.From(story, userId));
    }

    private static async Task<Results<Ok<PageResponse<StoryResponse>>, ValidationProblem>> ListAsync(
        HttpContext context, NpgsqlDataSource dataSource, UserKeyStore keys, string? author, string? tag, string? cursor, string? limit)
    {
        var validator = new Validator().Text(Paging.Cursor, cursor).Text(StoryQueryFields.Author, author);
        var take = Paging.Take(limit, validator);
        var chosenTag = validator.Choice(StoryQueryFields.Tag, tag);
        if (!validator.IsValid) return validator.Problem();
        var userId = context.User.GetUserId();
        var page = await StoryFeed.ReadAsync(dataSource, keys, new StoryQuery(userId, author, chosenTag, cursor, take));
        return TypedResults.Ok(new PageResponse<StoryResponse>([.. page.Items.Select(story => StoryResponse.From(story, userId))], page.NextCursor));
    }

    private static async Task<Results<Ok<StoryResponse>, ProblemHttpResult>> GetAsync(Guid id, HttpContext context, IGrainFactory grains, NpgsqlDataSource dataSource)
    {
        var viewer = Viewer.Of(context.User);
        if (await grains.GetGrain<IStoryGrain>(id).GetAsync() is not { } story) return StoryNotFound();
        var friends = StoryAccess.DependsOnFriendship(story, viewer.UserId) && await Follows.AreFriendsAsync(dataSource, viewer.UserId, story.AuthorId!.Value);
        if (!StoryAccess.CanRead(story, viewer.UserId, viewer.IsModerator, friends)) return StoryNotFound();
        ETags.Set(context, story.Version);
        return TypedResults.Ok(StoryResponse.From(story, viewer.UserId));
    }

    private static async Task<Results<Ok<StoryResponse>, ValidationProblem, ProblemHttpResult>> EditAsync(Guid id, StoryPatch patch, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator().Text(StoryPatchFields.Title, patch.Title).Text(StoryPatchFields.Content, patch.Content);
        if (patch.Title is { } title && string.IsNullOrWhiteSpace(title)) validator.Add("title", "'title' must not be empty.");
        if (patch.Content is { } content && string.IsNullOrWhiteSpace(content)) validator.Add("content", "'content' must not be empty.");
        var visibility = validator.Choice(StoryPatchFields.Visibility, patch.Visibility);
        ImmutableList<string>? tags = patch.Tags is null ? null : validator.Choices(StoryPatchFields.Tags, patch.Tags);
        if (patch is { Title: null, Content: null, Visibility: null, Tags: null }) validator.Add("title", "Send a new 'title', 'content', 'visibility' or 'tags'.");
        var ifMatch = ETags.ReadIfMatch(context, validator);
        if (!validator.IsValid) return validator.Problem();
        if (!ifMatch.Present) return ProblemResults.PreconditionRequired("Send If-Match with the story's ETag to edit it.");
        var userId = context.User.GetUserId();
        var result = await grains.GetGrain<IMemberGrain>(userId).EditStoryAsync(id, new StoryChange(patch.Title?.Trim(), patch.Content, visibility, tags), ifMatch.Versions);
        // A 412 carries the current ETag too, as the journal's does.
        if (result.Item is { } story) ETags.Set(context, story.Version);
        return result.Status == CommunityStatus.Done ? TypedResults.Ok(StoryResponse.From(result.Item!, userId)) : CommunityProblems.For(result);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(Guid id, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator();
        var ifMatch = ETags.ReadIfMatch(context, validator);
        if (!validator.IsValid) return validator.Problem();
        var result = await grains.GetGrain<IMemberGrain>(context.User.GetUserId()).DeleteStoryAsync(id, ifMatch.Versions);
        return result.Status == CommunityStatus.Done ? TypedResults.NoContent() : CommunityProblems.For(result);
    }

    private static ProblemHttpResult StoryNotFound() => ProblemResults.NotFound("There is no such story.");
}
