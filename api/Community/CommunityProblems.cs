using Journal.Api.Problems;
using Journal.GrainInterfaces.Community;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Journal.Api.Community;

/// <summary>The problem+json answer for each way a community call can fail.</summary>
public static class CommunityProblems
{
    /// <param name="limitType">The 429's type: a new account's quota, or the daily report limit.</param>
    public static ProblemHttpResult For<T>(CommunityResult<T> result, string limitType = ProblemTypes.NewAccountLimit) where T : class
    {
        var detail = result.Detail ?? "The request could not be carried out.";
        return result.Status switch
        {
            CommunityStatus.NotFound => ProblemResults.NotFound(detail),
            CommunityStatus.NotYours => ProblemResults.Forbidden(detail),
            CommunityStatus.Sanctioned => Sanctioned(result.Sanction!),
            CommunityStatus.LimitReached => ProblemResults.TooManyRequests(limitType, detail, result.RetryAt!.Value),
            CommunityStatus.KeyReused => ProblemResults.UnprocessableIdempotencyKey(),
            CommunityStatus.Stale => ProblemResults.PreconditionFailed(detail),
            _ => ProblemResults.Conflict(detail),
        };
    }

    /// <summary>403 with what the member needs to know: the reason and when it ends (null for a ban).</summary>
    public static ProblemHttpResult Sanctioned(Sanction sanction) => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden, type: ProblemTypes.Sanctioned,
        detail: sanction.Banned
            ? "You are banned from the community." + Because(sanction)
            : $"You are suspended from the community until {sanction.SuspendedUntil:yyyy-MM-dd HH:mm} UTC." + Because(sanction),
        extensions: new Dictionary<string, object?> { ["reason"] = sanction.Reason, ["until"] = sanction.SuspendedUntil, ["banned"] = sanction.Banned });

    private static string Because(Sanction sanction) => sanction.Reason is { Length: > 0 } reason ? $" Reason: {reason}" : "";
}
