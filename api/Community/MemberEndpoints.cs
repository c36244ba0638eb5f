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
    public const int MaxAppealLength = 2_000;

    public static void MapMemberEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/v1/me").WithTags("Community").RequireAuthorization().ProducesSignedInProblems();
        me.MapGet("/moderation", HistoryAsync);
        me.MapGet("/appeals", ListAppealsAsync);
        me.MapPost("/appeals", AppealAsync)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    public sealed record AppealBody(Guid? ModerationActionId, string? Message);

    private static async Task<Results<Ok<PageResponse<ModerationNotice>>, ValidationProblem>> HistoryAsync(
        HttpContext context, NpgsqlDataSource dataSource, string? cursor, string? limit)
    {
        var validator = new Validator().Text("cursor", cursor, 200);
        var take = Paging.Limit(limit, validator);
        if (!validator.IsValid) return validator.Problem();
        var page = await ModerationLog.ListAsync(dataSource, new ModerationLogQuery(context.User.GetUserId(), cursor, take));
        return TypedResults.Ok(new PageResponse<ModerationNotice>([.. page.Items.Select(ModerationNotice.From)], page.NextCursor));
    }

    private static async Task<Ok<ItemsResponse<MemberAppeal>>> ListAppealsAsync(HttpContext context, IGrainFactory grains) =>
        TypedResults.Ok(new ItemsResponse<MemberAppeal>([.. (await grains.GetGrain<IMemberGrain>(context.User.GetUserId()).ListAppealsAsync()).Select(MemberAppeal.From)]));

    private static async Task<Results<Created<MemberAppeal>, ValidationProblem, ProblemHttpResult>> AppealAsync(
        AppealBody body, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator().Text("message", body.Message, MaxAppealLength, required: true);
        if (body.ModerationActionId is null) validator.Add("moderationActionId", "'moderationActionId' is required.");
        if (!validator.IsValid) return validator.Problem();
        var result = await grains.GetGrain<IMemberGrain>(context.User.GetUserId()).FileAppealAsync(body.ModerationActionId!.Value, body.Message!);
        return result.Status == CommunityStatus.Done
            ? TypedResults.Created("/v1/me/appeals", MemberAppeal.From(result.Item!))
            : CommunityProblems.For(result);
    }
}
