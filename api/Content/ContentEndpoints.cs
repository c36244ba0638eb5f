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
        var content = app.MapGroup("/v1/content").WithTags("Content").RequireAuthorization();
        content.MapGet("/categories", GetCategoriesAsync).WithSummary("List the content categories");
        content.MapGet("/items", ListItemsAsync).WithSummary("List content items").WithQuery([.. Paging.Fields, ItemQueryFields.Type, ItemQueryFields.CategoryId]).WithDescription("Published items in display order; lists carry summaries, an item's body comes with GET /v1/content/items/{slug}.");
        content.MapGet("/items/{slug}", GetItemAsync).WithSummary("Read a content item").WithPath(ItemQueryFields.Slug).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        content.MapGet("/daily-tip", GetDailyTipAsync).WithSummary("Get today's tip").ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("The same tip all day (the user's local day), another one most days.");
        content.MapGet("/prompts/random", GetRandomPromptAsync).WithSummary("Get a random journal prompt").ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("A journal prompt; create an entry with its id as promptId to link the two.");
        app.MapGet("/v1/crisis-resources", GetCrisisResourcesAsync).WithTags("Content").AllowAnonymous().WithSummary("List crisis resources")
            .WithDescription("Crisis lines and what to do in an emergency; public, no sign-in.");
    }

    /// <summary>The filters of the item list, and the slug that names an item.</summary>
    public static class ItemQueryFields
    {
        public static readonly ChoiceField<ContentType> Type = ContentAdminEndpoints.ItemPatchFields.Type;
        public static readonly IdField CategoryId = new("categoryId");
        public static readonly TextField Slug = ContentAdminEndpoints.ItemPatchFields.Slug with { Required = true, Description = null };
    }

    private static async Task<Ok<ItemsResponse<ContentCategory>>> GetCategoriesAsync(IGrainFactory grains) =>
        TypedResults.Ok(new ItemsResponse<ContentCategory>(await Library(grains).GetCategoriesAsync()));

    private static async Task<Results<Ok<PageResponse<ContentItem>>, ValidationProblem>> ListItemsAsync(
        IGrainFactory grains, string? type, string? categoryId, string? cursor, string? limit)
    {
        var validator = new Validator().Text(Paging.Cursor, cursor);
        var take = Paging.Take(limit, validator);
        var contentType = validator.Choice(ItemQueryFields.Type, type);
        var category = validator.Id(ItemQueryFields.CategoryId, categoryId);
        if (!validator.IsValid) return validator.Problem();
        var page = await Library(grains).ListItemsAsync(new ContentQuery(contentType, category, cursor, take));
        return TypedResults.Ok(new PageResponse<ContentItem>(page.Items, page.NextCursor));
    }

    private static async Task<Results<Ok<ContentItem>, ValidationProblem, ProblemHttpResult>> GetItemAsync(string slug, HttpContext context, IGrainFactory grains)
    {
        if (new Validator().Text(ItemQueryFields.Slug, slug) is { IsValid: false } validator) return validator.Problem();
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
        var today = RequestAccess.Clock(context).DayOf(DateTimeOffset.UtcNow);
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
