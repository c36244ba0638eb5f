using Journal.Api.Auth;
using Journal.Api.OpenApi;
using Journal.Api.Problems;
using Journal.Api.Validation;
using Journal.GrainInterfaces.Content;
using Journal.Grains.Content;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Journal.Api.Content;

/// <summary>
/// Admins edit the content library (PRODUCT.md §8), through the library grain. A create retried
/// after a lost answer does not duplicate: the category name and the item slug are unique, so the
/// retry gets 409 and the item is there under its slug.
/// </summary>
public static class ContentAdminEndpoints
{
    public const int MaxTitleLength = 255;
    public const int MaxSummaryLength = 1_000;
    public const int MaxBodyLength = 50_000;
    public const int MaxUrlLength = 512;

    public static void MapContentAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/v1/admin/content").WithTags("Admin").RequireAuthorization(AuthSetup.AdminPolicy)
            .ProducesSignedInProblems().ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapPost("/categories", CreateCategoryAsync).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/items", CreateItemAsync).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("The slug is made from the title unless given; the item is visible to readers once isPublished.");
        admin.MapPatch("/items/{id:guid}", UpdateItemAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("Changes the fields sent; an empty string clears an optional text.");
        admin.MapDelete("/items/{id:guid}", DeleteItemAsync).ProducesProblem(StatusCodes.Status404NotFound);
    }

    public sealed record CategoryBody(string? Name, string? Description, int? Order);

    public sealed record ItemBody(
        Guid? CategoryId, string? Type, string? Title, string? Slug, string? Summary, string? Body, string? AudioUrl, string? ImageUrl,
        string? Region, string? Phone, string? Url, bool? IsPremium, bool? IsPublished, int? Order);

    private static async Task<Results<Created<ContentCategory>, ValidationProblem, ProblemHttpResult>> CreateCategoryAsync(CategoryBody body, IGrainFactory grains)
    {
        var validator = new Validator().Text("name", body.Name, MaxTitleLength, required: true).Text("description", body.Description, MaxSummaryLength)
            .Range("order", body.Order, -1_000_000, 1_000_000);
        if (!validator.IsValid) return validator.Problem();
        var result = await ContentEndpoints.Library(grains).CreateCategoryAsync(new NewContentCategory(body.Name!.Trim(), body.Description, body.Order ?? 0));
        return result.Status == ContentStatus.NameTaken
            ? ProblemResults.Conflict("A category with this name exists.")
            : TypedResults.Created("/v1/content/categories", result.Item);
    }

    private static async Task<Results<Created<ContentItem>, ValidationProblem, ProblemHttpResult>> CreateItemAsync(ItemBody body, IGrainFactory grains)
    {
        var validator = Validate(body, creating: true);
        var type = ContentTypes.TryParse(body.Type ?? "", out var parsed) ? parsed : default;
        var slug = body.Slug ?? Slugs.FromTitle(body.Title ?? "");
        if (body.Slug is null && body.Title is not null && slug.Length == 0) validator.Add("slug", "The title has no letters or digits to make a slug from; send one.");
        if (!validator.IsValid) return validator.Problem();
        var result = await ContentEndpoints.Library(grains).CreateItemAsync(new NewContentItem(body.CategoryId, type, body.Title!.Trim(), slug,
            body.Summary, body.Body, body.AudioUrl, body.ImageUrl, body.Region, body.Phone, body.Url, body.IsPremium ?? false, body.IsPublished ?? false, body.Order ?? 0));
        return result.Status switch
        {
            ContentStatus.Done => TypedResults.Created($"/v1/content/items/{result.Item!.Slug}", result.Item),
            ContentStatus.UnknownCategory => UnknownCategory(),
            _ => Refused(result.Status),
        };
    }

    private static async Task<Results<Ok<ContentItem>, ValidationProblem, ProblemHttpResult>> UpdateItemAsync(Guid id, ItemBody body, IGrainFactory grains)
    {
        var validator = Validate(body, creating: false);
        if (!validator.IsValid) return validator.Problem();
        var result = await ContentEndpoints.Library(grains).UpdateItemAsync(id, new ContentItemChange(body.CategoryId,
            body.Type is null ? null : ContentTypes.Parse(body.Type), body.Title?.Trim(), body.Slug, body.Summary, body.Body, body.AudioUrl, body.ImageUrl,
            body.Region, body.Phone, body.Url, body.IsPremium, body.IsPublished, body.Order));
        return result.Status switch
        {
            ContentStatus.Done => TypedResults.Ok(result.Item!),
            ContentStatus.UnknownCategory => UnknownCategory(),
            _ => Refused(result.Status),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteItemAsync(Guid id, IGrainFactory grains) =>
        await ContentEndpoints.Library(grains).DeleteItemAsync(id) ? TypedResults.NoContent() : ProblemResults.NotFound("No such content item.");

    private static ProblemHttpResult Refused(ContentStatus status) => status == ContentStatus.SlugTaken
        ? ProblemResults.Conflict("Another item has this slug.")
        : ProblemResults.NotFound("No such content item.");

    private static ValidationProblem UnknownCategory() => new Validator().Add("categoryId", "There is no category with this id.").Problem();

    // On create, type and title are required; on a change, only the fields sent are checked.
    private static Validator Validate(ItemBody body, bool creating)
    {
        var validator = new Validator()
            .Text("title", body.Title, MaxTitleLength, required: creating)
            .Text("summary", body.Summary, MaxSummaryLength)
            .Text("body", body.Body, MaxBodyLength)
            .Text("region", body.Region, 50)
            .Text("phone", body.Phone, 30)
            .Range("order", body.Order, -1_000_000, 1_000_000);
        if (body.Title is { } title && string.IsNullOrWhiteSpace(title)) validator.Add("title", "'title' must not be empty.");
        if (body.Type is null ? creating : !ContentTypes.TryParse(body.Type, out _))
            validator.Add("type", $"'type' must be one of: {string.Join(", ", ContentTypes.Names)}.");
        if (body.Slug is { } slug && !Slugs.IsValid(slug))
            validator.Add("slug", $"'slug' is lower-case letters and digits in words joined by hyphens, at most {Slugs.MaxLength} characters.");
        foreach (var (field, url) in new[] { ("audioUrl", body.AudioUrl), ("imageUrl", body.ImageUrl), ("url", body.Url) })
            if (url is { Length: > 0 } && (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
                validator.Add(field, $"'{field}' must be an http(s) address of at most {MaxUrlLength} characters.");
        return validator;
    }
}
