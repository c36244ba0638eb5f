namespace Journal.Api.OpenApi;

/// <summary>A request header an endpoint reads (Idempotency-Key, If-Match), described in the OpenAPI document.</summary>
public sealed record HeaderParameter(string Name, string Description, bool Required);

public static class OpenApiMetadata
{
    public static RouteHandlerBuilder AcceptsHeader(this RouteHandlerBuilder endpoint, string name, string description, bool required = false) =>
        endpoint.WithMetadata(new HeaderParameter(name, description, required));

    public static RouteHandlerBuilder AcceptsIdempotencyKey(this RouteHandlerBuilder endpoint) => endpoint
        .AcceptsHeader(Http.Idempotency.Header, "Makes a retried create return the first result instead of a duplicate (any unique string, e.g. a UUID).")
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>The problems every signed-in route can answer: no or a dead token (401), too many requests (429).</summary>
    public static RouteGroupBuilder ProducesSignedInProblems(this RouteGroupBuilder group) =>
        group.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);

    /// <inheritdoc cref="ProducesSignedInProblems(RouteGroupBuilder)"/>
    public static RouteHandlerBuilder ProducesSignedInProblems(this RouteHandlerBuilder endpoint) =>
        endpoint.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
}
