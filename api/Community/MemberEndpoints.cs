using Journal.Api.Auth;
using Journal.Api.Http;
using Journal.Api.OpenApi;
using Journal.Api.Validation;
using Journal.GrainInterfaces.Community;
using Journal.Grains.Community;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Journal.Api.Community;

/// <summary>A member's own side of moderation (PRODUCT.md §8): what was done to their content or account, and their appeals.</summary>
public static class MemberEndpoints
{
    public static void MapMemberEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/v1/me").WithTags("Community").RequireAuthorization();
        me.MapGet("/moderation", HistoryAsync).WithSummary("List moderation actions taken on my content or account").WithQuery(Paging.Fields);
        me.MapGet("/appeals", ListAppealsAsync).WithSummary("List my appeals");
        me.MapPost("/appeals", AppealAsync).WithSummary("Appeal a moderation action").WithDescription("One appeal per action (409).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    [Fields(typeof(AppealFields))]
    public sealed record AppealBody(Guid? ModerationActionId, string? Message);

    public static class AppealFields
    {
        public static readonly IdField ModerationActionId = new("moderationActionId") { Required = true };
        public static readonly TextField Message = new("message", CommunityLimits.MaxAppealLength) { Required = true };
    }

    private static async Task<Results<Ok<PageResponse<ModerationNotice>>, ValidationProblem>> HistoryAsync(
        HttpContext context, NpgsqlDataSource dataSource, string? cursor, string? limit)
    {
        var validator = new Validator().Text(Paging.Cursor, cursor);
        var take = Paging.Take(limit, validator);
        if (!validator.IsValid) return validator.Problem();
        var page = await ModerationLog.ListAsync(dataSource, new ModerationLogQuery(context.User.GetUserId(), cursor, take));
        return TypedResults.Ok(new PageResponse<ModerationNotice>([.. page.Items.Select(ModerationNotice.From)], page.NextCursor));
    }

    private static async Task<Ok<ItemsResponse<MemberAppeal>>> ListAppealsAsync(HttpContext context, IGrainFactory grains) =>
        TypedResults.Ok(new ItemsResponse<MemberAppeal>([.. (await grains.GetGrain<IMemberGrain>(context.User.GetUserId()).ListAppealsAsync()).Select(MemberAppeal.From)]));

    private static async Task<Results<Created<MemberAppeal>, ValidationProblem, ProblemHttpResult>> AppealAsync(
        AppealBody body, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator().Text(AppealFields.Message, body.Message).Require(AppealFields.ModerationActionId, body.ModerationActionId is not null);
        if (!validator.IsValid) return validator.Problem();
        var result = await grains.GetGrain<IMemberGrain>(context.User.GetUserId()).FileAppealAsync(body.ModerationActionId!.Value, body.Message!);
        return result.Status == CommunityStatus.Done
            ? TypedResults.Created("/v1/me/appeals", MemberAppeal.From(result.Item!))
            : CommunityProblems.For(result);
    }
}
