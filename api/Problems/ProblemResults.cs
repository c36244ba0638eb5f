using Microsoft.AspNetCore.Http.HttpResults;

namespace Journal.Api.Problems;

/// <summary>The problem+json answers endpoints return, each with its stable type.</summary>
public static class ProblemResults
{
    public static ProblemHttpResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, ProblemTypes.NotFound, detail);

    public static ProblemHttpResult Conflict(string detail, string type = ProblemTypes.Conflict) => Create(StatusCodes.Status409Conflict, type, detail);

    public static ProblemHttpResult Forbidden(string detail, string type = ProblemTypes.Forbidden) => Create(StatusCodes.Status403Forbidden, type, detail);

    public static ProblemHttpResult Unauthorized(string detail) => Create(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, detail);

    public static ProblemHttpResult PreconditionFailed(string detail) => Create(StatusCodes.Status412PreconditionFailed, ProblemTypes.PreconditionFailed, detail);

    public static ProblemHttpResult PreconditionRequired(string detail) => Create(StatusCodes.Status428PreconditionRequired, ProblemTypes.PreconditionRequired, detail);

    public static ProblemHttpResult Gone(string detail) => Create(StatusCodes.Status410Gone, ProblemTypes.Gone, detail);

    public static ProblemHttpResult UnprocessableIdempotencyKey() => Create(StatusCodes.Status422UnprocessableEntity, ProblemTypes.IdempotencyKeyReused,
        "This Idempotency-Key was already used for a different request.");

    /// <summary>A spent quota: <c>retryAt</c> says when the next request can pass, and the answer's Retry-After (<see cref="ProblemDetailsSetup"/>) in seconds.</summary>
    public static ProblemHttpResult TooManyRequests(string type, string detail, DateTimeOffset retryAt) => TypedResults.Problem(
        statusCode: StatusCodes.Status429TooManyRequests, type: type, detail: detail, extensions: new Dictionary<string, object?> { [RetryAt] = retryAt });

    /// <summary>The extension member of a 429 that knows when its quota allows the next request.</summary>
    public const string RetryAt = "retryAt";

    public static ProblemHttpResult Create(int status, string type, string detail) =>
        TypedResults.Problem(statusCode: status, type: type, detail: detail);
}
