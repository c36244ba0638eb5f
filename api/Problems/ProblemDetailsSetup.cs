using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Journal.Api.Problems;

public static class ProblemDetailsSetup
{
    /// <summary>Every error leaves as problem+json with a stable type; a 500 never shows exception details.</summary>
    public static IServiceCollection AddJournalProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            // ASP.NET's default types point at the HTTP RFC; replace them with ours.
            if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
                problem.Type = ProblemTypes.ForStatus(status);
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
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest) return false;
        context.Response.StatusCode = badRequest.StatusCode;
        // A reader error (the body is not JSON at all) wraps another JsonException; a value that does
        // not convert to its field's type does not, and its path names the field.
        var problem = badRequest.InnerException is JsonException { Path: { Length: > 2 } path, InnerException: not JsonException }
                      && path.StartsWith("$.", StringComparison.Ordinal)
            ? new ValidationProblemDetails(new Dictionary<string, string[]> { [path[2..]] = [$"'{path[2..]}' has a value of the wrong type or format."] })
            {
                Status = badRequest.StatusCode,
                Type = ProblemTypes.ValidationFailed,
                Detail = "The request body does not match the expected shape; see 'errors'.",
            }
            : new ProblemDetails { Status = badRequest.StatusCode, Detail = Describe(badRequest) };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = exception, ProblemDetails = problem });
    }

    // The framework's own messages name parameter types; say what is wrong in the client's terms.
    private static string Describe(BadHttpRequestException badRequest) => badRequest switch
    {
        { StatusCode: StatusCodes.Status413PayloadTooLarge } => badRequest.Message,
        { InnerException: JsonException } => "The request body is not valid JSON.",
        _ when badRequest.Message.Contains("body", StringComparison.OrdinalIgnoreCase) => "The request body is missing or empty.",
        _ when badRequest.Message.StartsWith("Failed to bind parameter", StringComparison.Ordinal) => "A query or route value has the wrong format.",
        _ => "The request is malformed.",
    };
}
