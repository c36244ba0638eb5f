using Journal.Api.Validation;
using Microsoft.OpenApi;

namespace Journal.Api.OpenApi;

/// <summary>A request header an endpoint reads (Idempotency-Key, If-Match), described in the OpenAPI document.</summary>
public sealed record HeaderParameter(string Name, string Description, bool Required, int MaxLength, string Pattern);

/// <summary>The query or path parameters an endpoint reads, each with the rules its handler checks (<see cref="RequestParameters"/>).</summary>
public sealed record ParameterFields(ParameterLocation In, IReadOnlyList<Field> Fields);

public static class OpenApiMetadata
{
    /// <summary>
    /// If-Match has no limit of its own: it is bounded by the server's limit on all request headers
    /// together (Kestrel's default, 32 KB).
    /// </summary>
    public const int MaxIfMatchLength = 32 * 1024;

    /// <summary>If-Match: the ETag a resource was read with ("3"), several, or *.</summary>
    public static RouteHandlerBuilder AcceptsIfMatch(this RouteHandlerBuilder endpoint, string description, bool required) =>
        endpoint.WithMetadata(new HeaderParameter("If-Match", description, required, MaxIfMatchLength, FieldSchemas.NoControlCharacters));

    public static RouteHandlerBuilder AcceptsIdempotencyKey(this RouteHandlerBuilder endpoint) => endpoint
        .WithMetadata(new HeaderParameter(Http.Idempotency.Header,
            "Makes a retried create return the first result instead of a duplicate (1 to 100 visible ASCII characters, e.g. a UUID).",
            Required: false, MaxLength: Http.Idempotency.MaxKeyLength, Pattern: "^[!-~]+$"))
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>Declares the query parameters the handler reads; their checks in the handler use the same fields.</summary>
    public static RouteHandlerBuilder WithQuery(this RouteHandlerBuilder endpoint, params Field[] fields) =>
        endpoint.WithMetadata(new ParameterFields(ParameterLocation.Query, fields));

    /// <summary>Declares the rules of text path parameters (ids need none: the route's guid constraint and their format say it all).</summary>
    public static RouteHandlerBuilder WithPath(this RouteHandlerBuilder endpoint, params Field[] fields) =>
        endpoint.WithMetadata(new ParameterFields(ParameterLocation.Path, fields));
}
