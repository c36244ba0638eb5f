using Journal.Api.Auth;
using Journal.Api.Community;
using Journal.Api.Http;
using Journal.Api.OpenApi;
using Journal.Api.Problems;
using Journal.Api.Validation;
using Journal.GrainInterfaces.Community;
using Journal.Grains.Stories;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Journal.Api.Stories;

/// <summary>
/// Follows between members, by pseudonym (PRODUCT.md §7): two members who follow each other are friends and read
/// each other's friends-only stories. A follow is written by the follower's member grain.
/// </summary>
public static class FollowEndpoints
{
    /// <summary>A community pseudonym, as <c>Pseudonyms</c> makes them (letters and digits).</summary>
    public static readonly TextField PseudonymField = new("pseudonym", CommunityLimits.MaxPseudonymLength)
    {
        Required = true, Pattern = "^[A-Za-z0-9]+$", PatternMessage = "A pseudonym is letters and digits.",
    };

    public static void MapFollowEndpoints(this IEndpointRouteBuilder app)
    {
        var follows = app.MapGroup("/v1/community/follows").WithTags("Stories").RequireAuthorization();
        follows.MapGet("", ListAsync).WithSummary("List the members I follow").WithQuery(Paging.Fields)
            .WithDescription("Most recent first; followsYou: they follow me back, so we are friends.");
        follows.MapPost("/{pseudonym}", FollowAsync).WithSummary("Follow a member").WithPath(PseudonymField)
            .WithDescription("Following again changes nothing. Suspended or banned members get 403 sanctioned.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        follows.MapDelete("/{pseudonym}", UnfollowAsync).WithSummary("Stop following a member").WithPath(PseudonymField)
            .WithDescription("Their friends-only stories are hidden from me, and mine from them, at once.").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<PageResponse<FollowResponse>>, ValidationProblem>> ListAsync(
        HttpContext context, NpgsqlDataSource dataSource, string? cursor, string? limit)
    {
        var validator = new Validator().Text(Paging.Cursor, cursor);
        var take = Paging.Take(limit, validator);
        if (!validator.IsValid) return validator.Problem();
        var page = await Follows.FollowingAsync(dataSource, context.User.GetUserId(), cursor, take);
        return TypedResults.Ok(new PageResponse<FollowResponse>([.. page.Items.Select(FollowResponse.From)], page.NextCursor));
    }

    private static async Task<Results<Ok<FollowResponse>, ValidationProblem, ProblemHttpResult>> FollowAsync(
        string pseudonym, HttpContext context, IGrainFactory grains, NpgsqlDataSource dataSource)
    {
        if (new Validator().Text(PseudonymField, pseudonym) is { IsValid: false } validator) return validator.Problem();
        if (await Follows.MemberAsync(dataSource, pseudonym) is not { } followee) return MemberNotFound();
        var userId = context.User.GetUserId();
        var result = await grains.GetGrain<IMemberGrain>(userId).FollowAsync(followee, pseudonym);
        if (result.Status != CommunityStatus.Done) return CommunityProblems.For(result);
        return TypedResults.Ok(new FollowResponse(pseudonym, result.Item!.Since, await Follows.AreFriendsAsync(dataSource, userId, followee)));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> UnfollowAsync(
        string pseudonym, HttpContext context, IGrainFactory grains, NpgsqlDataSource dataSource)
    {
        if (new Validator().Text(PseudonymField, pseudonym) is { IsValid: false } validator) return validator.Problem();
        if (await Follows.MemberAsync(dataSource, pseudonym) is not { } followee) return MemberNotFound();
        await grains.GetGrain<IMemberGrain>(context.User.GetUserId()).UnfollowAsync(followee);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult MemberNotFound() => ProblemResults.NotFound("There is no member with this pseudonym.");
}
