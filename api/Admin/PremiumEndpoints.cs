using Journal.Api.Audit;
using Journal.Api.Auth;
using Journal.Api.OpenApi;
using Journal.Api.Validation;
using Journal.GrainInterfaces.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Journal.Api.Admin;

/// <summary>An admin grants or withdraws premium (PRODUCT.md §8), through the user's account grain; audited.</summary>
public static class PremiumEndpoints
{
    public static void MapPremiumEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPut("/v1/admin/users/{id:guid}/premium", SetPremiumAsync).WithTags("Admin").RequireAuthorization(AuthSetup.AdminPolicy)
            .WithSummary("Grant or withdraw premium").ProducesProblem(StatusCodes.Status404NotFound);

    [Fields(typeof(PremiumFields))]
    public sealed record PremiumBody(bool? IsPremium);

    public static class PremiumFields
    {
        public static readonly FlagField IsPremium = new("isPremium") { Required = true };
    }

    public sealed record PremiumResponse(Guid UserId, bool IsPremium);

    private static async Task<Results<Ok<PremiumResponse>, ValidationProblem>> SetPremiumAsync(
        Guid id, PremiumBody body, HttpContext context, IGrainFactory grains, AuditLog audit)
    {
        var validator = new Validator().Require(PremiumFields.IsPremium, body.IsPremium is not null);
        if (!validator.IsValid) return validator.Problem();
        // An unknown or deleted account throws AccountNotFoundException: a 404 problem.
        if (await grains.GetGrain<IUserGrain>(id).SetPremiumAsync(body.IsPremium!.Value))
            await audit.RecordAsync(AuditEvents.PremiumChange, id, context, new { isPremium = body.IsPremium, by = audit.Hash(context.User.GetUserId().ToString("N")) });
        return TypedResults.Ok(new PremiumResponse(id, body.IsPremium.Value));
    }
}
