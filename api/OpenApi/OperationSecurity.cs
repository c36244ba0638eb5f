using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Journal.Api.OpenApi;

/// <summary>
/// Who may call an operation, from its authorization metadata. A signed-in route needs the bearer
/// token; a route whose policy needs roles lists them as the requirement's scopes (OpenAPI 3.1 lets a
/// non-OAuth scheme name roles there), one requirement per role that suffices, and says so in its
/// description. An anonymous route has the empty requirement: no credentials needed.
/// </summary>
public sealed class OperationSecurity(IAuthorizationPolicyProvider policies) : IOpenApiOperationTransformer
{
    public const string Bearer = "Bearer";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!IsSignedIn(context))
        {
            operation.Security = [new OpenApiSecurityRequirement()];
            return;
        }
        var roles = new List<string>();
        foreach (var data in context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>())
        {
            if (data.Roles is { } listed) roles.AddRange(listed.Split(',', StringSplitOptions.TrimEntries));
            if (data.Policy is { } name && await policies.GetPolicyAsync(name) is { } policy)
                roles.AddRange(policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(requirement => requirement.AllowedRoles));
        }
        var scheme = new OpenApiSecuritySchemeReference(Bearer, context.Document);
        if (roles.Count == 0)
        {
            operation.Security = [new OpenApiSecurityRequirement { [scheme] = [] }];
            return;
        }
        var distinct = roles.Distinct(StringComparer.Ordinal).ToList();
        operation.Security = [.. distinct.Select(role => new OpenApiSecurityRequirement { [scheme] = [role] })];
        var needs = $"Needs the {string.Join(" or ", distinct)} role.";
        operation.Description = operation.Description is null ? needs : needs + " " + operation.Description;
    }

    /// <summary>Whether the route needs a signed-in caller.</summary>
    public static bool IsSignedIn(OpenApiOperationTransformerContext context) =>
        context.Description.ActionDescriptor.EndpointMetadata is var metadata
        && metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();

    /// <summary>Whether the route needs a role beyond being signed in.</summary>
    public static bool NeedsRole(OpenApiOperationTransformerContext context) =>
        IsSignedIn(context) && context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any(data => data.Policy is not null || data.Roles is not null);
}
