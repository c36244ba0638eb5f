using Journal.Api.Http;
using Journal.Api.Limits;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Journal.Api.OpenApi;

/// <summary>
/// The document's own parts: what the API is and its conventions, the bearer scheme, the shared
/// response headers and problem schemas. No server is named: the API is served wherever it is deployed,
/// and the document's own address is where to call it.
/// </summary>
public sealed class DocumentInfo : IOpenApiDocumentTransformer
{
    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Orleans.Journal";
        document.Info.Description =
            "A private journal, mood check-ins, streaks and a garden, habits and reminders, a content library and a pseudonymous peer-support community. "
            + "JSON in camelCase; every error is RFC 9457 application/problem+json with a stable 'type'. "
            + $"Lists return {{items, nextCursor}} (nextCursor null on the last page; limit {Paging.DefaultLimit} by default, at most {Paging.MaxLimit}). "
            + $"Editable items carry an ETag to send back in If-Match; creates honour Idempotency-Key. Request bodies are at most {RequestBodyLimit.MaxBytes / 1024} KB. "
            + "Requests are rate limited per signed-in user, or per IP address without a token; every counted answer reports the quota in RateLimit and RateLimit-Policy. "
            + "Real-time updates: the SignalR hub /hubs/updates (access token as access_token).";
        document.Servers = [];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[OperationSecurity.Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The accessToken from /v1/auth/register, /login or /refresh: a JWT signed with HS256 only (the algorithm is pinned, never taken "
                + "from the token), issuer and audience checked, valid 15 minutes, following RFC8725 (JWT best current practices). Each request also "
                + "checks that the token's session is live, so logout and revocation take effect at once. Routes for moderators or admins list the role as a scope.",
        };
        ResponseHeaders.AddTo(document.Components);
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        // Every route may answer a problem, also those that declared none themselves.
        foreach (var (name, type) in new[] { (ProblemSchemas.Problem, typeof(ProblemDetails)), (ProblemSchemas.ValidationProblem, typeof(HttpValidationProblemDetails)) })
            if (!document.Components.Schemas.ContainsKey(name))
                document.Components.Schemas[name] = await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
    }
}
