using Journal.Api.Auth;
using Journal.Api.Http;
using Journal.Api.OpenApi;
using Journal.Api.Problems;
using Journal.Api.Validation;
using Journal.GrainInterfaces.Accounts;
using Journal.GrainInterfaces.Content;
using Journal.Grains.Activity;
using Journal.Grains.Content;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Journal.Api.Content;

/// <summary>The content library for readers (PRODUCT.md §6), served from the library grain's memory; crisis resources need no sign-in.</summary>
public static class ContentEndpoints
{
    public static void MapContentEndpoints(this IEndpointRouteBuilder app)
    {
        var content = app.MapGroup("/v1/content").WithTags("Content").RequireAuthorization().ProducesSignedInProblems();
        content.MapGet("/categories", GetCategoriesAsync);
        content.MapGet("/items", ListItemsAsync).WithDescription("Published items in display order; lists carry summaries, an item's body comes with GET /v1/content/items/{slug}.");
        content.MapGet("/items/{slug}", GetItemAsync).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        content.MapGet("/daily-tip", GetDailyTipAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("The same tip all day (the user's local day), another one most days.");
        content.MapGet("/prompts/random", GetRandomPromptAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("A journal prompt; create an entry with its id as promptId to link the two.");
        app.MapGet("/v1/crisis-resources", GetCrisisResourcesAsync).WithTags("Content").AllowAnonymous()
            .WithDescription("Crisis lines and what to do in an emergency; public, no sign-in.");
    }

    private static async Task<Ok<ItemsResponse<ContentCategory>>> GetCategoriesAsync(IGrainFactory grains) =>
        TypedResults.Ok(new ItemsResponse<ContentCategory>(await Library(grains).GetCategoriesAsync()));

    private static async Task<Results<Ok<PageResponse<ContentItem>>, ValidationProblem>> ListItemsAsync(
        IGrainFactory grains, string? type, string? categoryId, string? cursor, string? limit)
    {
        var validator = new Validator().Text("cursor", cursor, 200);
        var take = Paging.Limit(limit, validator);
        ContentType? contentType = null;
        if (type is not null)
        {
            if (ContentTypes.TryParse(type, out var parsed)) contentType = parsed;
            else validator.Add("type", $"'type' must be one of: {string.Join(", ", ContentTypes.Names)}.");
        }
        Guid? category = null;
        if (categoryId is not null)
        {
            if (Guid.TryParse(categoryId, out var parsed)) category = parsed;
            else validator.Add("categoryId", "'categoryId' must be a category id (a UUID).");
        }
        if (!validator.IsValid) return validator.Problem();
        var page = await Library(grains).ListItemsAsync(new ContentQuery(contentType, category, cursor, take));
        return TypedResults.Ok(new PageResponse<ContentItem>(page.Items, page.NextCursor));
    }

    private static async Task<Results<Ok<ContentItem>, ProblemHttpResult>> GetItemAsync(string slug, HttpContext context, IGrainFactory grains)
    {
        if (await Library(grains).GetItemAsync(slug) is not { } item) return ProblemResults.NotFound("No such content item.");
        if (item.IsPremium && !await IsPremiumAsync(grains, context.User.GetUserId()))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, type: ProblemTypes.PremiumRequired,
                detail: $"'{item.Title}' is premium content.",
                extensions: new Dictionary<string, object?>
                {
                    ["upgrade"] = "Premium opens every module, guide and exercise in the library. Upgrade in the app's Premium page to read this one.",
                });
        return TypedResults.Ok(item);
    }

    private static async Task<Results<Ok<ContentItem>, ProblemHttpResult>> GetDailyTipAsync(HttpContext context, IGrainFactory grains)
    {
        var userId = context.User.GetUserId();
        var today = (await grains.RequireClockAsync(userId)).DayOf(DateTimeOffset.UtcNow);
        return await Library(grains).GetDailyTipAsync(userId, today, await IsPremiumAsync(grains, userId)) is { } tip
            ? TypedResults.Ok(tip)
            : ProblemResults.NotFound("No tip is published yet.");
    }

    private static async Task<Results<Ok<ContentItem>, ProblemHttpResult>> GetRandomPromptAsync(HttpContext context, IGrainFactory grains) =>
        await Library(grains).GetRandomPromptAsync(await IsPremiumAsync(grains, context.User.GetUserId())) is { } prompt
            ? TypedResults.Ok(prompt)
            : ProblemResults.NotFound("No journal prompt is published yet.");

    private static async Task<Ok<ItemsResponse<ContentItem>>> GetCrisisResourcesAsync(IGrainFactory grains) =>
        TypedResults.Ok(new ItemsResponse<ContentItem>(await Library(grains).GetCrisisResourcesAsync()));

    internal static IContentLibraryGrain Library(IGrainFactory grains) => grains.GetGrain<IContentLibraryGrain>(IContentLibraryGrain.Key);

    private static async Task<bool> IsPremiumAsync(IGrainFactory grains, Guid userId) =>
        (await grains.GetGrain<IUserGrain>(userId).GetProfileAsync())?.IsPremium == true;
}
