using Journal.Api.Auth;
using Journal.Api.Http;
using Journal.Api.OpenApi;
using Journal.Api.Problems;
using Journal.Api.Validation;
using Journal.GrainInterfaces.Community;
using Journal.Grains.Community;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Journal.Api.Community;

/// <summary>
/// The pseudonymous community (PRODUCT.md §7): categories, posts, threaded comments and reports. Writes
/// go through the member's grain (sanctions and quotas), then the grain of the post or thread.
/// </summary>
public static class CommunityEndpoints
{
    public static void MapCommunityEndpoints(this IEndpointRouteBuilder app)
    {
        var community = app.MapGroup("/v1/community").WithTags("Community").RequireAuthorization();
        community.MapGet("/categories", ListCategoriesAsync).WithSummary("List the community's categories");
        community.MapGet("/categories/{id:guid}/posts", FeedAsync).WithSummary("List a category's posts").WithQuery([FeedFields.Sort, .. Paging.Fields])
            .ProducesProblem(StatusCodes.Status404NotFound);
        community.MapPost("/posts", CreatePostAsync).WithSummary("Write a post").ProducesCommunityWriteProblems().AcceptsIdempotencyKey()
            .WithDescription(NewAccountLimits);
        community.MapGet("/posts/{id:guid}", GetPostAsync).WithSummary("Read a post").ProducesProblem(StatusCodes.Status404NotFound);
        community.MapPatch("/posts/{id:guid}", EditPostAsync).WithSummary("Edit my post").ProducesCommunityWriteProblems();
        community.MapDelete("/posts/{id:guid}", DeletePostAsync).WithSummary("Delete my post").ProducesCommunityWriteProblems();
        community.MapPost("/posts/{id:guid}/comments", AddCommentAsync).WithSummary("Comment on a post").ProducesCommunityWriteProblems().AcceptsIdempotencyKey()
            .WithDescription(NewAccountLimits);
        community.MapGet("/posts/{id:guid}/comments", GetCommentsAsync).WithSummary("Read a post's comment tree").ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("Hidden and deleted comments stay as placeholders without text or author, so replies keep their place.");
        community.MapPatch("/comments/{id:guid}", EditCommentAsync).WithSummary("Edit my comment").ProducesCommunityWriteProblems();
        community.MapDelete("/comments/{id:guid}", DeleteCommentAsync).WithSummary("Delete my comment").ProducesCommunityWriteProblems();
        community.MapPost("/reports", ReportAsync).WithSummary("Report a post, comment, public story or member").ProducesCommunityWriteProblems()
            .WithDescription("One report per reporter and target (409); at most 20 reports a day (429 report-limit).");
    }

    private const string NewAccountLimits =
        "Accounts younger than a day may write 3 posts and 10 comments a day (429 new-account-limit). Suspended or banned members get 403 sanctioned.";

    [Fields(typeof(PostFields))]
    public sealed record PostBody(Guid? CategoryId, string? Title, string? Content);

    [Fields(typeof(PostPatchFields))]
    public sealed record PostPatch(string? Title, string? Content);

    [Fields(typeof(CommentFields))]
    public sealed record CommentBody(string? Content, Guid? ParentCommentId);

    [Fields(typeof(ReportFields))]
    public sealed record ReportBody(string? TargetType, Guid? TargetId, string? Reason, string? Details);

    public static class PostFields
    {
        public static readonly IdField CategoryId = new("categoryId") { Required = true };
        public static readonly TextField Title = new("title", CommunityLimits.MaxTitleLength) { Required = true };
        public static readonly TextField Content = new("content", CommunityLimits.MaxPostLength) { Required = true };
    }

    public static class PostPatchFields
    {
        public static readonly TextField Title = PostFields.Title with { Required = false, Description = "Not blank; send title, content or both." };
        public static readonly TextField Content = PostFields.Content with { Required = false, Description = "Not blank." };
    }

    public static class CommentFields
    {
        public static readonly TextField Content = new("content", CommunityLimits.MaxCommentLength) { Required = true };
        public static readonly IdField ParentCommentId = new("parentCommentId") { Description = "The comment this one answers; none for a top-level comment. Ignored by an edit." };
    }

    public static class ReportFields
    {
        public static readonly ChoiceField<TargetType> TargetType = ChoiceFields.Of<TargetType>("targetType") with { Required = true };
        public static readonly IdField TargetId = new("targetId") { Required = true };
        public static readonly ChoiceField<ReportReason> Reason = ChoiceFields.Of<ReportReason>("reason") with { Required = true };
        public static readonly TextField Details = new("details", CommunityLimits.MaxReportDetailsLength);
    }

    public static class FeedFields
    {
        public static readonly ChoiceField<FeedSort> Sort = ChoiceFields.Of<FeedSort>("sort") with
        {
            Default = "new", Description = "new: newest first; active: most recent activity first.",
        };
    }

    private static RouteHandlerBuilder ProducesCommunityWriteProblems(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Ok<ItemsResponse<Category>>> ListCategoriesAsync(IGrainFactory grains) =>
        TypedResults.Ok(new ItemsResponse<Category>(await grains.GetGrain<ICommunityCategoriesGrain>(ICommunityCategoriesGrain.Key).ListAsync()));

    private static async Task<Results<Ok<PageResponse<PostResponse>>, ValidationProblem, ProblemHttpResult>> FeedAsync(
        Guid id, HttpContext context, IGrainFactory grains, NpgsqlDataSource dataSource, string? sort, string? cursor, string? limit)
    {
        var validator = new Validator().Text(Paging.Cursor, cursor);
        var take = Paging.Take(limit, validator);
        var order = validator.Choice(FeedFields.Sort, sort) ?? FeedSort.New;
        if (!validator.IsValid) return validator.Problem();
        if (!(await grains.GetGrain<ICommunityCategoriesGrain>(ICommunityCategoriesGrain.Key).ListAsync()).Exists(category => category.Id == id))
            return ProblemResults.NotFound("There is no such category.");
        var viewer = Viewer.Of(context.User);
        var page = await CommunityFeed.ReadAsync(dataSource, id, order, cursor, take);
        return TypedResults.Ok(new PageResponse<PostResponse>([.. page.Items.Select(item => PostResponse.From(item.Post, viewer, item.CommentCount))], page.NextCursor));
    }

    private static async Task<Results<Created<PostResponse>, Ok<PostResponse>, ValidationProblem, ProblemHttpResult>> CreatePostAsync(
        PostBody body, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator().Text(PostFields.Title, body.Title).Text(PostFields.Content, body.Content)
            .Require(PostFields.CategoryId, body.CategoryId is not null);
        var idempotency = Idempotency.FromRequest(context, body, validator);
        if (!validator.IsValid) return validator.Problem();
        if (!(await grains.GetGrain<ICommunityCategoriesGrain>(ICommunityCategoriesGrain.Key).ListAsync()).Exists(category => category.Id == body.CategoryId))
            return ValidationProblemFor("categoryId", "There is no such category.");
        var viewer = Viewer.Of(context.User);
        var result = await grains.GetGrain<IMemberGrain>(viewer.UserId).CreatePostAsync(body.CategoryId!.Value, body.Title!.Trim(), body.Content!, idempotency);
        return result.Status switch
        {
            CommunityStatus.Done => TypedResults.Created($"/v1/community/posts/{result.Item!.Id}", PostResponse.From(result.Item, viewer, 0)),
            CommunityStatus.Replayed => TypedResults.Ok(PostResponse.From(result.Item!, viewer, await VisibleCommentsAsync(grains, result.Item!.Id))),
            _ => CommunityProblems.For(result),
        };
    }

    private static async Task<Results<Ok<PostResponse>, ProblemHttpResult>> GetPostAsync(Guid id, HttpContext context, IGrainFactory grains)
    {
        var viewer = Viewer.Of(context.User);
        if (await grains.GetGrain<IPostGrain>(id).GetAsync() is not { } post || !viewer.CanSee(post)) return ProblemResults.NotFound("There is no such post.");
        return TypedResults.Ok(PostResponse.From(post, viewer, await VisibleCommentsAsync(grains, id)));
    }

    private static async Task<Results<Ok<PostResponse>, ValidationProblem, ProblemHttpResult>> EditPostAsync(Guid id, PostPatch patch, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator().Text(PostPatchFields.Title, patch.Title).Text(PostPatchFields.Content, patch.Content);
        if (patch.Title is { } title && string.IsNullOrWhiteSpace(title)) validator.Add("title", "'title' must not be empty.");
        if (patch.Content is { } content && string.IsNullOrWhiteSpace(content)) validator.Add("content", "'content' must not be empty.");
        if (patch.Title is null && patch.Content is null) validator.Add("content", "Send a new 'title' or 'content'.");
        if (!validator.IsValid) return validator.Problem();
        var viewer = Viewer.Of(context.User);
        var result = await grains.GetGrain<IMemberGrain>(viewer.UserId).EditPostAsync(id, patch.Title?.Trim(), patch.Content);
        return result.Status == CommunityStatus.Done
            ? TypedResults.Ok(PostResponse.From(result.Item!, viewer, await VisibleCommentsAsync(grains, id)))
            : CommunityProblems.For(result);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeletePostAsync(Guid id, HttpContext context, IGrainFactory grains)
    {
        var result = await grains.GetGrain<IMemberGrain>(context.User.GetUserId()).DeletePostAsync(id);
        return result.Status == CommunityStatus.Done ? TypedResults.NoContent() : CommunityProblems.For(result);
    }

    private static async Task<Results<Created<CommentResponse>, Ok<CommentResponse>, ValidationProblem, ProblemHttpResult>> AddCommentAsync(
        Guid id, CommentBody body, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator().Text(CommentFields.Content, body.Content);
        // The post is part of the request: one key on two posts is two different requests.
        var idempotency = Idempotency.FromRequest(context, new { id, body }, validator);
        if (!validator.IsValid) return validator.Problem();
        var viewer = Viewer.Of(context.User);
        if (await grains.GetGrain<IPostGrain>(id).GetAsync() is not { } post || !viewer.CanSee(post)) return ProblemResults.NotFound("There is no such post.");
        var result = await grains.GetGrain<IMemberGrain>(viewer.UserId).AddCommentAsync(id, body.Content!, body.ParentCommentId, idempotency);
        return result.Status switch
        {
            CommunityStatus.Done => TypedResults.Created($"/v1/community/posts/{id}/comments", CommentResponse.From(result.Item!, viewer)),
            CommunityStatus.Replayed => TypedResults.Ok(CommentResponse.From(result.Item!, viewer)),
            _ => CommunityProblems.For(result),
        };
    }

    private static async Task<Results<Ok<CommentTreeResponse>, ProblemHttpResult>> GetCommentsAsync(Guid id, HttpContext context, IGrainFactory grains)
    {
        var viewer = Viewer.Of(context.User);
        if (await grains.GetGrain<IPostGrain>(id).GetAsync() is not { } post || !viewer.CanSee(post)) return ProblemResults.NotFound("There is no such post.");
        var thread = await grains.GetGrain<IThreadGrain>(id).GetAsync();
        if (thread is null) return ProblemResults.NotFound("There is no such post.");
        return TypedResults.Ok(new CommentTreeResponse(id, thread.AcceptsComments, thread.Comments.Count, CommentTree.Build(thread.Comments, viewer)));
    }

    private static async Task<Results<Ok<CommentResponse>, ValidationProblem, ProblemHttpResult>> EditCommentAsync(
        Guid id, CommentBody body, HttpContext context, IGrainFactory grains, NpgsqlDataSource dataSource)
    {
        var validator = new Validator().Text(CommentFields.Content, body.Content);
        if (!validator.IsValid) return validator.Problem();
        var viewer = Viewer.Of(context.User);
        if (await CommunityLookups.CommentPostAsync(dataSource, id) is not { } postId) return ProblemResults.NotFound("There is no such comment.");
        var result = await grains.GetGrain<IMemberGrain>(viewer.UserId).EditCommentAsync(postId, id, body.Content!);
        return result.Status == CommunityStatus.Done ? TypedResults.Ok(CommentResponse.From(result.Item!, viewer)) : CommunityProblems.For(result);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteCommentAsync(Guid id, HttpContext context, IGrainFactory grains, NpgsqlDataSource dataSource)
    {
        if (await CommunityLookups.CommentPostAsync(dataSource, id) is not { } postId) return ProblemResults.NotFound("There is no such comment.");
        var result = await grains.GetGrain<IMemberGrain>(context.User.GetUserId()).DeleteCommentAsync(postId, id);
        return result.Status == CommunityStatus.Done ? TypedResults.NoContent() : CommunityProblems.For(result);
    }

    private static async Task<Results<Created<MemberReport>, ValidationProblem, ProblemHttpResult>> ReportAsync(ReportBody body, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator().Text(ReportFields.Details, body.Details).Require(ReportFields.TargetId, body.TargetId is not null);
        var targetType = validator.Choice(ReportFields.TargetType, body.TargetType);
        var reason = validator.Choice(ReportFields.Reason, body.Reason);
        if (!validator.IsValid) return validator.Problem();
        var result = await grains.GetGrain<IMemberGrain>(context.User.GetUserId())
            .FileReportAsync(new NewReport(targetType!.Value, body.TargetId!.Value, reason!.Value, body.Details));
        if (result.Status != CommunityStatus.Done) return CommunityProblems.For(result, ProblemTypes.ReportLimit);
        // Reports are read back by moderators only: there is no member route to point at.
        return TypedResults.Created((string?)null, MemberReport.From(result.Item!));
    }

    private static async Task<int> VisibleCommentsAsync(IGrainFactory grains, Guid postId) =>
        (await grains.GetGrain<IThreadGrain>(postId).GetAsync())?.Comments.Count(comment => comment.Status == ContentStatus.Visible) ?? 0;

    private static ValidationProblem ValidationProblemFor(string field, string message) => new Validator().Add(field, message).Problem();
}
