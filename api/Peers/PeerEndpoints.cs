using Journal.Api.Auth;
using Journal.Api.Http;
using Journal.Api.OpenApi;
using Journal.Api.Problems;
using Journal.Api.Validation;
using Journal.GrainInterfaces.Accounts;
using Journal.Grains.Peers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Journal.Api.Peers;

/// <summary>People with similar interests (PRODUCT.md §7, <c>GET /v1/community/peers</c>), by pseudonym only.</summary>
public static class PeerEndpoints
{
    public static void MapPeerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/community/peers", GetPeersAsync).WithTags("Community").RequireAuthorization().WithSummary("Find peers with similar interests")
            .WithQuery(Paging.Limit).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithDescription("Only for a caller who is discoverable and not in private mode (403 peer-matching-off); one page, nextCursor is always null.");
    }

    /// <summary>
    /// A peer as others see them: the pseudonym, how similar (0–1), and the tags and habits both share.
    /// Never a user id, a username, an entry, or an interest the caller does not have too.
    /// </summary>
    public sealed record PeerResponse(string Pseudonym, double Similarity, IReadOnlyList<string> SharedTags, IReadOnlyList<string> SharedHabits);

    /// <summary>
    /// Matching is mutual: only a caller who is discoverable and not in private mode gets peers, so
    /// nobody learns others' interests without offering their own (403 otherwise). The top N is one
    /// page: nextCursor is always null.
    /// </summary>
    private static async Task<Results<Ok<PageResponse<PeerResponse>>, ValidationProblem, ProblemHttpResult>> GetPeersAsync(
        HttpContext context, IGrainFactory grains, PeerDirectory directory, string? limit)
    {
        var validator = new Validator();
        var take = Paging.Take(limit, validator);
        if (!validator.IsValid) return validator.Problem();
        var userId = context.User.GetUserId();
        var settings = await grains.GetGrain<IUserGrain>(userId).GetSettingsAsync();
        if (!settings.Discoverable || settings.PrivateMode)
            return ProblemResults.Forbidden("Peer matching is mutual: turn on 'discoverable' (and private mode off) in your settings to find peers.",
                ProblemTypes.PeerMatchingOff);

        var cancellationToken = context.RequestAborted;
        var mine = await directory.InterestsOfAsync(userId, cancellationToken);
        if (mine.IsEmpty) return TypedResults.Ok(new PageResponse<PeerResponse>([], null));
        var candidates = await directory.CandidatesAsync(userId, mine, cancellationToken);
        var interests = await directory.InterestsOfAsync([.. candidates.Select(c => c.UserId)], cancellationToken);
        var ranked = PeerSimilarity.Rank(mine, candidates.Select(c => (c, interests[c.UserId])), take, c => c.Pseudonym);
        return TypedResults.Ok(new PageResponse<PeerResponse>(
            [.. ranked.Select(m => new PeerResponse(m.Peer.Pseudonym, Math.Round(m.Similarity, 3), m.SharedTags, m.SharedHabits))], null));
    }
}
