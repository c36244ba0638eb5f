using Journal.Api.Auth;
using Journal.Api.Http;
using Journal.Api.Limits;
using Journal.Api.OpenApi;
using Journal.Api.Problems;
using Journal.Api.Validation;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Journal;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Journal.Api.Journal;

/// <summary>Secret tags (PRODUCT.md §2, seed 002; docs/SECRET_TAGS.md), through the user's journal grain.</summary>
public static class SecretTagEndpoints
{
    /// <summary>A colour when none is given (seed 002's default, lower-cased).</summary>
    public const string DefaultColor = "#007aff";

    public static void MapSecretTagEndpoints(this IEndpointRouteBuilder app)
    {
        var tags = app.MapGroup("/v1/journal/secret-tags").WithTags("Journal").RequireAuthorization();
        tags.MapPost("", CreateAsync).WithSummary("Create a secret tag").AcceptsIdempotencyKey()
            .WithDescription("Entries under the tag are hidden from lists, the calendar, search, insights, the summary's figures and the export unless "
                + "a request unlocks the tag. The phrase is never stored; it cannot be recovered or reset (forgetting it loses the tag's entries). "
                + "The Idempotency-Key covers name and color, not the phrase.");
        tags.MapGet("", ListAsync).WithSummary("List my secret tags")
            .WithDescription($"Every secret tag, oldest first, in one page (a user has at most 50).");
        tags.MapPost("/{id:guid}/unlock", UnlockAsync).WithSummary("Unlock a secret tag")
            .WithDescription($"Checks the phrase and returns a short-lived token; send it in {SecretUnlockHeader.Name} to see and write the tag's entries. "
                + "Wrong phrases are limited per user (429 with Retry-After); a wrong phrase is 403 wrong-secret-phrase.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
        tags.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Delete a secret tag").AcceptsSecretUnlocks()
            .WithDescription($"Needs the tag's unlock in {SecretUnlockHeader.Name} (403 secret-tag-locked otherwise). Its entries are kept: they become "
                + "ordinary entries again, visible without an unlock and counted in insights. Delete the entries first to have them gone.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
    }

    [Fields(typeof(NewTagFields))]
    public sealed record NewTagBody(string? Name, string? Color, string? Phrase);

    [Fields(typeof(UnlockFields))]
    public sealed record UnlockBody(string? Phrase);

    public sealed record UnlockResponse(string Token, DateTimeOffset ExpiresAt);

    public static class NewTagFields
    {
        public static readonly TextField Name = new("name", SecretTagLimits.MaxNameLength) { Required = true, Description = "Private: stored sealed under your data key." };
        public static readonly TextField Color = new("color", 7)
        {
            Pattern = "^#[0-9a-f]{6}$", PatternMessage = "'color' must be #rrggbb in lower-case hex.", Description = $"Default {DefaultColor}.",
        };
        public static readonly TextField Phrase = new("phrase", SecretTagLimits.MaxPhraseLength)
        {
            Required = true, MinLength = SecretTagLimits.MinPhraseLength,
            Description = "The secret phrase: never stored; the only way to open the tag's entries. A long phrase of several words resists guessing best.",
        };
    }

    public static class UnlockFields
    {
        public static readonly TextField Phrase = NewTagFields.Phrase with { MinLength = 1, Description = "The tag's phrase." };
    }

    private static async Task<Results<Created<SecretTag>, Ok<SecretTag>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        NewTagBody body, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator().Text(NewTagFields.Name, body.Name).Text(NewTagFields.Color, body.Color).Text(NewTagFields.Phrase, body.Phrase);
        // The request hash is stored with the row: it must not be a fast hash of the phrase.
        var idempotency = Idempotency.FromRequest(context, body with { Phrase = null }, validator);
        if (!validator.IsValid) return validator.Problem();
        var result = await Grain(context, grains).CreateSecretTagAsync(new NewSecretTag(body.Name!.Trim(), body.Color ?? DefaultColor, body.Phrase!), idempotency);
        if (result.Status == CreateStatus.KeyReused) return ProblemResults.UnprocessableIdempotencyKey();
        var tag = result.Item!;
        return result.Status == CreateStatus.Replayed ? TypedResults.Ok(tag) : TypedResults.Created($"/v1/journal/secret-tags/{tag.Id}", tag);
    }

    private static async Task<Ok<PageResponse<SecretTag>>> ListAsync(HttpContext context, IGrainFactory grains) =>
        TypedResults.Ok(new PageResponse<SecretTag>(await Grain(context, grains).ListSecretTagsAsync(), null));

    private static async Task<Results<Ok<UnlockResponse>, ValidationProblem, ProblemHttpResult>> UnlockAsync(
        Guid id, UnlockBody body, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator().Text(UnlockFields.Phrase, body.Phrase);
        if (!validator.IsValid) return validator.Problem();
        var unlock = await Grain(context, grains).UnlockSecretTagAsync(id, body.Phrase!);
        switch (unlock.Status)
        {
            case SecretTagUnlockStatus.Unlocked:
                return TypedResults.Ok(new UnlockResponse(unlock.Token!, unlock.ExpiresAt!.Value));
            case SecretTagUnlockStatus.WrongPhrase:
                return ProblemResults.Forbidden("That is not the tag's phrase.", ProblemTypes.WrongSecretPhrase);
            case SecretTagUnlockStatus.Throttled:
                RetryAfter.Set(context.Response, unlock.RetryAfter);
                return ProblemResults.Create(StatusCodes.Status429TooManyRequests, ProblemTypes.SecretPhraseThrottled,
                    "Too many wrong phrases. Wait before trying again (see Retry-After).");
            default:
                // Another user's tag is indistinguishable from one that never existed.
                return ProblemResults.NotFound("No such secret tag.");
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, HttpContext context, IGrainFactory grains) =>
        await Grain(context, grains).DeleteSecretTagAsync(id, RequestAccess.Clock(context), SecretUnlockHeader.Read(context)) ? TypedResults.NoContent() : ProblemResults.NotFound("No such secret tag.");

    private static ISecretTagsGrain Grain(HttpContext context, IGrainFactory grains) => grains.GetGrain<ISecretTagsGrain>(context.User.GetUserId());
}
