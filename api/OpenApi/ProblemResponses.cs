using Journal.Api.Limits;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace Journal.Api.OpenApi;

/// <summary>
/// The answers every route can give besides its own, from what the route is: any input can be refused
/// (400), a signed-in route without a valid token (401), a route needing a role (403), a JSON body can be
/// too large (413) or not JSON (415); every route is rate limited (429) and can fail (500) or time out
/// (503). Each problem is application/problem+json with the ProblemDetails schema. Every 2xx and 4xx
/// carries the caller's quota (RateLimit, RateLimit-Policy: the rate limiter sends them on every answer
/// it counted), 429 and 503 also Retry-After.
/// </summary>
public sealed class ProblemResponses : IOpenApiOperationTransformer
{
    public const string ProblemJson = "application/problem+json";

    private static readonly Dictionary<int, string> s_descriptions = new()
    {
        [400] = "A value is missing or invalid: 'errors' names each field with what is wrong (type validation-failed); or the body is not JSON at all (type bad-request).",
        [401] = "Not signed in, or the credentials sent are not valid: no access token, an expired one, or one whose session ended (type unauthorized).",
        [403] = "Refused to this caller; 'type' says why (forbidden, sanctioned, premium-required, consent-required, private-mode, peer-matching-off).",
        [404] = "There is no such item, or it is not the caller's (another user's item is not found either) (type not-found).",
        [409] = "The request conflicts with the current state, e.g. a name already taken or an item already handled (type conflict).",
        [410] = "The item was deleted too long ago to restore (type gone).",
        [412] = "If-Match names a version that is no longer current; read the item again (type precondition-failed).",
        [413] = $"The body is larger than {RequestBodyLimit.MaxBytes / 1024} KB (type payload-too-large).",
        [415] = "The body is not JSON (Content-Type: application/json) (type unsupported-media-type).",
        [422] = "This Idempotency-Key was already used for a different request (type idempotency-key-reused).",
        [428] = "If-Match is required to change this item (type precondition-required).",
        [429] = "Too many requests: wait as Retry-After says (type too-many-requests; login-throttled after failed logins; new-account-limit or report-limit for a daily quota, which also says when in 'retryAt').",
        [500] = "The server failed (a bug); nothing was half-written (type internal-error).",
        [503] = "The service is busy (a call timed out); retry after Retry-After. A create may have been done: retry it with the same Idempotency-Key (type unavailable).",
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var responses = operation.Responses ??= [];
        var body = operation.RequestBody is not null;
        if (body || (operation.Parameters ?? []).Any(parameter => parameter.In is ParameterLocation.Query or ParameterLocation.Header)) Add(responses, 400);
        if (OperationSecurity.IsSignedIn(context)) Add(responses, 401);
        if (OperationSecurity.NeedsRole(context)) Add(responses, 403);
        if (body)
        {
            Add(responses, 413);
            Add(responses, 415);
        }
        Add(responses, 429);
        Add(responses, 500);
        Add(responses, 503);

        foreach (var (code, response) in responses.Where(pair => pair.Value is OpenApiResponse).Select(pair => (int.Parse(pair.Key), (OpenApiResponse)pair.Value)))
        {
            if (code >= 400) DescribeProblem(code, response, context.Document!);
            if (code is >= 200 and < 300 or >= 400 and < 500)
            {
                AddHeader(response, QuotaHeaders.RateLimit, context.Document!);
                AddHeader(response, QuotaHeaders.RateLimitPolicy, context.Document!);
            }
            if (code is 429 or 503) AddHeader(response, ResponseHeaders.RetryAfter, context.Document!);
        }
        return Task.CompletedTask;
    }

    private static void Add(OpenApiResponses responses, int code) => responses.TryAdd(code.ToString(), new OpenApiResponse());

    private static void AddHeader(OpenApiResponse response, string name, OpenApiDocument document) =>
        (response.Headers ??= new Dictionary<string, IOpenApiHeader>())[name] = new OpenApiHeaderReference(name, document);

    private static void DescribeProblem(int code, OpenApiResponse response, OpenApiDocument document)
    {
        if (string.IsNullOrEmpty(response.Description) || response.Description == ReasonPhrases.GetReasonPhrase(code))
            response.Description = s_descriptions.GetValueOrDefault(code, ReasonPhrases.GetReasonPhrase(code));
        var schema = code == 400 ? ProblemSchemas.ValidationProblem : ProblemSchemas.Problem;
        response.Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = new OpenApiSchemaReference(schema, document) } };
    }
}
