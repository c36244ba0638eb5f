using System.Text.Json;
using Journal.Api.Limits;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Journal.Api.Problems;

public static class ProblemDetailsSetup
{
    internal const string UnsupportedMediaType = "The body must be JSON (Content-Type: application/json).";

    /// <summary>A validation problem naming one field, as <see cref="Validation.Validator"/> writes them.</summary>
    internal static ValidationProblemDetails FieldProblem(int status, string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = status,
            Type = ProblemTypes.ValidationFailed,
            Detail = "The request has invalid fields; see 'errors'.",
        };

    /// <summary>Every error leaves as problem+json with a stable type; a 500 never shows exception details.</summary>
    public static IServiceCollection AddJournalProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            // A quota that knows when it allows the next request says so in the header clients and proxies read.
            if (problem.Extensions.TryGetValue(ProblemResults.RetryAt, out var value) && value is DateTimeOffset retryAt)
                RetryAfter.Set(context.HttpContext.Response, retryAt - DateTimeOffset.UtcNow);
            // ASP.NET's default types point at the HTTP RFC; replace them with ours.
            if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
                problem.Type = ProblemTypes.ForStatus(status);
            // Answers the framework gives without a word (status code pages) still say what is wrong.
            problem.Detail ??= status switch
            {
                StatusCodes.Status401Unauthorized => "Sign in: send a valid access token (Authorization: Bearer …).",
                StatusCodes.Status404NotFound => "There is nothing at this address.",
                StatusCodes.Status405MethodNotAllowed => "This address does not accept this method.",
                StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
                _ => null,
            };
        });
        // Binding failures (a body that is not the expected JSON) reach the handler below in every
        // environment, so they get the same problem+json as validation, naming the field.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<GrainExceptionHandler>();
        return services;
    }
}

/// <summary>
/// Bad requests detected by the server (malformed body, body too large) are the client's error, not a
/// 500. A body whose JSON does not fit the request's shape names the field, as validation does.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest) return false;
        context.Response.StatusCode = badRequest.StatusCode;
        // A reader error (the body is not JSON at all) wraps another JsonException; a value that does
        // not convert to its field's type does not, and its path names the field.
        var field = badRequest.InnerException is JsonException { Path: { Length: > 2 } path, InnerException: not JsonException }
                    && path.StartsWith("$.", StringComparison.Ordinal)
            ? path[2..]
            : BoundParameter(badRequest);
        var problem = field is not null
            ? ProblemDetailsSetup.FieldProblem(badRequest.StatusCode, field, $"'{field}' has a value of the wrong type or format.")
            : new ProblemDetails { Status = badRequest.StatusCode, Detail = Describe(badRequest) };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = exception, ProblemDetails = problem });
    }

    // The framework's own messages name parameter types; say what is wrong in the client's terms.
    private static string Describe(BadHttpRequestException badRequest) => badRequest switch
    {
        { StatusCode: StatusCodes.Status413PayloadTooLarge } => badRequest.Message,
        { StatusCode: StatusCodes.Status415UnsupportedMediaType } => ProblemDetailsSetup.UnsupportedMediaType,
        { InnerException: JsonException } => "The request body is not valid JSON.",
        _ when badRequest.Message.StartsWith("Required parameter", StringComparison.Ordinal)
               || badRequest.Message.StartsWith("Implicit body", StringComparison.Ordinal) => "The request body is missing or empty.",
        _ => "The request is malformed.",
    };

    // 'Failed to bind parameter "bool? trash" from "x".': a query or route value of the wrong format.
    private static string? BoundParameter(BadHttpRequestException badRequest) =>
        BindFailure().Match(badRequest.Message) is { Success: true } match ? match.Groups["name"].Value : null;

    [System.Text.RegularExpressions.GeneratedRegex("^Failed to bind parameter \"(?:[^\"]*\\s)?(?<name>\\w+)\" from")]
    private static partial System.Text.RegularExpressions.Regex BindFailure();
}
