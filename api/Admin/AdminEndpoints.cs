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
using AccountRoles = Journal.GrainInterfaces.Accounts.Roles;

namespace Journal.Api.Admin;

/// <summary>Admin-only routes (PRODUCT.md §8): roles, the community's categories and the security audit log.</summary>
public static class AdminEndpoints
{
    public static void MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/v1/admin").WithTags("Admin").RequireAuthorization(AuthSetup.AdminPolicy);
        admin.MapPut("/users/{id:guid}/roles", SetRolesAsync).WithSummary("Set a member's roles").ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/community/categories", CreateCategoryAsync).WithSummary("Create a community category").ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPatch("/community/categories/{id:guid}", UpdateCategoryAsync).WithSummary("Change a community category")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapDelete("/community/categories/{id:guid}", DeleteCategoryAsync).WithSummary("Delete a community category")
            .WithDescription("409 while it still has posts.").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapGet("/audit", AuditAsync).WithSummary("Read the security audit log").WithQuery(AuditQueryFields.Event, AuditQueryFields.Cursor, Paging.Limit)
            .WithDescription("Newest first; users and addresses appear as keyed hashes.");
    }

    [Fields(typeof(RolesFields))]
    public sealed record RolesBody(List<string?>? Roles);

    public sealed record RolesResponse(Guid UserId, IReadOnlyList<string> Roles);

    [Fields(typeof(NewCategoryFields))]
    public sealed record CategoryBody(string? Name, string? Description, int? Order);

    [Fields(typeof(CategoryPatchFields))]
    public sealed record CategoryPatch(string? Name, string? Description, int? Order);

    public static class RolesFields
    {
        public static readonly ChoiceListField Roles = new("roles", AccountRoles.All, AccountRoles.All.Count)
        {
            Required = true, Description = "The member's roles from now on.",
        };
    }

    public static class CategoryPatchFields
    {
        public static readonly TextField Name = new("name", CommunityLimits.MaxCategoryNameLength) { Description = "Unique; not blank." };
        public static readonly TextField Description = new("description", CommunityLimits.MaxCategoryDescriptionLength);
        public static readonly IntegerField Order = new("order", 0, CommunityLimits.MaxCategoryOrder) { Description = "Categories are listed by it, lowest first." };
    }

    public static class NewCategoryFields
    {
        public static readonly TextField Name = CategoryPatchFields.Name with { Required = true };
        public static readonly TextField Description = CategoryPatchFields.Description;
        public static readonly IntegerField Order = CategoryPatchFields.Order;
    }

    public static class AuditQueryFields
    {
        public static readonly TextField Event = new("event", 50) { Description = "Only events of this kind (e.g. login_failed)." };
        public static readonly TextField Cursor = Paging.Cursor with { Pattern = "^[1-9][0-9]{0,17}$", PatternMessage = "The cursor is not one this list returned." };
    }

    private static async Task<Results<Ok<RolesResponse>, ValidationProblem, ProblemHttpResult>> SetRolesAsync(
        Guid id, RolesBody body, HttpContext context, IGrainFactory grains, AuditLog audit)
    {
        var validator = new Validator();
        var chosen = validator.Choices(RolesFields.Roles, body.Roles);
        if (!validator.IsValid) return validator.Problem();
        var roles = await grains.GetGrain<IUserGrain>(id).SetRolesAsync(chosen);
        if (roles is null) return ProblemResults.NotFound("There is no such user.");
        await audit.RecordAsync(AuditEvents.RoleChange, id, context, new { roles, by = audit.Hash(context.User.GetUserId().ToString("N")) });
        return TypedResults.Ok(new RolesResponse(id, roles));
    }

    private static async Task<Results<Created<Category>, ValidationProblem, ProblemHttpResult>> CreateCategoryAsync(CategoryBody body, IGrainFactory grains)
    {
        if (Validate(NewCategoryFields.Name, body.Name, body.Description, body.Order) is { } invalid) return invalid;
        var result = await Categories(grains).CreateAsync(new CategoryChange(body.Name!.Trim(), body.Description, body.Order));
        return result.Status == CommunityStatus.Done
            ? TypedResults.Created("/v1/community/categories", result.Item!)
            : CommunityProblems.For(result);
    }

    private static async Task<Results<Ok<Category>, ValidationProblem, ProblemHttpResult>> UpdateCategoryAsync(Guid id, CategoryPatch body, IGrainFactory grains)
    {
        if (Validate(CategoryPatchFields.Name, body.Name, body.Description, body.Order) is { } invalid) return invalid;
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
        var validator = new Validator().Text(AuditQueryFields.Event, @event).Text(AuditQueryFields.Cursor, cursor);
        var take = Paging.Take(limit, validator);
        if (!validator.IsValid) return validator.Problem();
        // The cursor is the id of the last entry of the previous page (its pattern makes it a positive long).
        long? before = cursor is null ? null : long.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture);
        var (items, next) = await audit.ListAsync(@event, before, take);
        return TypedResults.Ok(new PageResponse<AuditEntry>(items, next?.ToString()));
    }

    private static ICommunityCategoriesGrain Categories(IGrainFactory grains) => grains.GetGrain<ICommunityCategoriesGrain>(ICommunityCategoriesGrain.Key);

    /// <summary><paramref name="nameField"/> says whether the name is required (on create).</summary>
    private static ValidationProblem? Validate(TextField nameField, string? name, string? description, int? order)
    {
        var validator = new Validator().Text(nameField, name).Text(CategoryPatchFields.Description, description).Integer(CategoryPatchFields.Order, order);
        if (name is not null && string.IsNullOrWhiteSpace(name)) validator.Add("name", "'name' must not be empty.");
        return validator.IsValid ? null : validator.Problem();
    }
}
