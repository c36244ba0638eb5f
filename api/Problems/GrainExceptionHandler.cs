using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Journal;
using Journal.Persistence.Streams;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Journal.Api.Problems;

/// <summary>
/// Refusals that only a grain can decide (a date in the user's future, a cursor it did not issue)
/// become a 400 naming the field; a write into a secret tag the request did not unlock is a 403; an account deleted while its request was in flight is a 404.
/// A failure that says the service is overloaded or a node is away, not broken (<see cref="TransientFailure"/>:
/// a call that timed out or was not delivered, PostgreSQL out of connections or unreachable, a commit
/// whose outcome is unknown) is a 503 with Retry-After. The call may still have finished, so a client
/// retries a create with the same Idempotency-Key where the route takes one.
/// </summary>
internal sealed partial class GrainExceptionHandler(IProblemDetailsService problems, ILogger<GrainExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case DomainValidationException invalid:
                problem = ProblemDetailsSetup.FieldProblem(StatusCodes.Status400BadRequest, invalid.Field, invalid.Message);
                break;
            case SecretTagLockedException locked:
                problem = new ProblemDetails { Status = StatusCodes.Status403Forbidden, Type = ProblemTypes.SecretTagLocked, Detail = locked.Message };
                break;
            case AccountNotFoundException:
                problem = new ProblemDetails { Status = StatusCodes.Status404NotFound, Type = ProblemTypes.NotFound, Detail = "The account does not exist." };
                break;
            case var transient when TransientFailure.Is(transient):
                problem = new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Type = ProblemTypes.Unavailable, Detail = "The service is busy. Try again in a moment." };
                context.Response.Headers.RetryAfter = "1";
                LogUnavailable(logger, context.Request.Method, context.Request.Path, exception);
                break;
            default:
                return false;
        }
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = exception, ProblemDetails = problem });
    }

    // Operators need the cause of a 503 (which exception, which route); the client only needs Retry-After.
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, Exception exception);
}
