using System.Collections.Immutable;
using Journal.Api.Audit;
using Journal.Api.Auth;
using Journal.Api.Community;
using Journal.Api.Http;
using Journal.Api.OpenApi;
using Journal.Api.Problems;
using Journal.Api.Validation;
using Journal.GrainInterfaces.Accounts;
using Journal.GrainInterfaces.Community;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Journal.Api.Admin;

/// <summary>Admin-only routes (PRODUCT.md §8): roles, the community's categories and the security audit log.</summary>
public static class AdminEndpoints
{
    public static void MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/v1/admin").WithTags("Admin").RequireAuthorization(AuthSetup.AdminPolicy).ProducesSignedInProblems()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapPut("/users/{id:guid}/roles", SetRolesAsync).ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/community/categories", CreateCategoryAsync).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPatch("/community/categories/{id:guid}", UpdateCategoryAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapDelete("/community/categories/{id:guid}", DeleteCategoryAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapGet("/audit", AuditAsync);
    }

    public sealed record RolesBody(List<string?>? Roles);

    public sealed record RolesResponse(Guid UserId, IReadOnlyList<string> Roles);

    public sealed record CategoryBody(string? Name, string? Description, int? Order);

    private static async Task<Results<Ok<RolesResponse>, ValidationProblem, ProblemHttpResult>> SetRolesAsync(
        Guid id, RolesBody body, HttpContext context, IGrainFactory grains, AuditLog audit)
    {
        var validator = new Validator();
        if (body.Roles is null) validator.Add("roles", "'roles' is required.");
        else if (body.Roles.Any(role => role is null || !Roles.All.Contains(role))) validator.Add("roles", $"Each role is one of: {string.Join(", ", Roles.All)}.");
        if (!validator.IsValid) return validator.Problem();
        var roles = await grains.GetGrain<IUserGrain>(id).SetRolesAsync([.. body.Roles!.Select(role => role!)]);
        if (roles is null) return ProblemResults.NotFound("There is no such user.");
        await audit.RecordAsync(AuditEvents.RoleChange, id, context, new { roles, by = audit.Hash(context.User.GetUserId().ToString("N")) });
        return TypedResults.Ok(new RolesResponse(id, roles));
    }

    private static async Task<Results<Created<Category>, ValidationProblem, ProblemHttpResult>> CreateCategoryAsync(CategoryBody body, IGrainFactory grains)
    {
        if (Validate(body, nameRequired: true) is { } invalid) return invalid;
        var result = await Categories(grains).CreateAsync(new CategoryChange(body.Name!.Trim(), body.Description, body.Order));
        return result.Status == CommunityStatus.Done
            ? TypedResults.Created("/v1/community/categories", result.Item!)
            : CommunityProblems.For(result);
    }

    private static async Task<Results<Ok<Category>, ValidationProblem, ProblemHttpResult>> UpdateCategoryAsync(Guid id, CategoryBody body, IGrainFactory grains)
    {
        if (Validate(body, nameRequired: false) is { } invalid) return invalid;
        var result = await Categories(grains).UpdateAsync(id, new CategoryChange(body.Name?.Trim(), body.Description, body.Order));
        return result.Status == CommunityStatus.Done ? TypedResults.Ok(result.Item!) : CommunityProblems.For(result);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteCategoryAsync(Guid id, IGrainFactory grains)
    {
        var result = await Categories(grains).DeleteAsync(id);
        return result.Status == CommunityStatus.Done ? TypedResults.NoContent() : CommunityProblems.For(result);
    }

    private static async Task<Results<Ok<PageResponse<AuditEntry>>, ValidationProblem>> AuditAsync(AuditLog audit, string? @event, string? cursor, string? limit)
    {
        var validator = new Validator().Text("event", @event, 50);
        var take = Paging.Limit(limit, validator);
        long? before = null;
        if (cursor is not null)
        {
            if (long.TryParse(cursor, out var id) && id > 0) before = id;
            else validator.Add("cursor", "The cursor is not one this list returned.");
        }
        if (!validator.IsValid) return validator.Problem();
        var (items, next) = await audit.ListAsync(@event, before, take);
        return TypedResults.Ok(new PageResponse<AuditEntry>(items, next?.ToString()));
    }

    private static ICommunityCategoriesGrain Categories(IGrainFactory grains) => grains.GetGrain<ICommunityCategoriesGrain>(ICommunityCategoriesGrain.Key);

    private static ValidationProblem? Validate(CategoryBody body, bool nameRequired)
    {
        var validator = new Validator().Text("name", body.Name, 80, required: nameRequired).Text("description", body.Description, 500)
            .Range("order", body.Order, 0, 10_000);
        if (body.Name is { } name && string.IsNullOrWhiteSpace(name)) validator.Add("name", "'name' must not be empty.");
        return validator.IsValid ? null : validator.Problem();
    }
}
