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
    public static void MapContentAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/v1/admin/content").WithTags("Admin").RequireAuthorization(AuthSetup.AdminPolicy);
        admin.MapPost("/categories", CreateCategoryAsync).WithSummary("Create a content category").ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/items", CreateItemAsync).WithSummary("Create a content item").ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("The slug is made from the title unless given; the item is visible to readers once isPublished.");
        admin.MapPatch("/items/{id:guid}", UpdateItemAsync).WithSummary("Change a content item")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("Changes the fields sent; an empty string clears an optional text.");
        admin.MapDelete("/items/{id:guid}", DeleteItemAsync).WithSummary("Delete a content item").ProducesProblem(StatusCodes.Status404NotFound);
    }

    [Fields(typeof(ContentCategoryFields))]
    public sealed record CategoryBody(string? Name, string? Description, int? Order);

    /// <summary>A content item's fields, as a new item and a change have them.</summary>
    public interface IItemFields
    {
        Guid? CategoryId { get; }
        string? Type { get; }
        string? Title { get; }
        string? Slug { get; }
        string? Summary { get; }
        string? Body { get; }
        string? AudioUrl { get; }
        string? ImageUrl { get; }
        string? Region { get; }
        string? Phone { get; }
        string? Url { get; }
        bool? IsPremium { get; }
        bool? IsPublished { get; }
        int? Order { get; }
    }

    [Fields(typeof(NewItemFields))]
    public sealed record ItemBody(
        Guid? CategoryId, string? Type, string? Title, string? Slug, string? Summary, string? Body, string? AudioUrl, string? ImageUrl,
        string? Region, string? Phone, string? Url, bool? IsPremium, bool? IsPublished, int? Order) : IItemFields;

    [Fields(typeof(ItemPatchFields))]
    public sealed record ItemPatch(
        Guid? CategoryId, string? Type, string? Title, string? Slug, string? Summary, string? Body, string? AudioUrl, string? ImageUrl,
        string? Region, string? Phone, string? Url, bool? IsPremium, bool? IsPublished, int? Order) : IItemFields;

    public static class ContentCategoryFields
    {
        public static readonly TextField Name = new("name", ContentLimits.MaxTitleLength) { Required = true, Description = "Unique." };
        public static readonly TextField Description = new("description", ContentLimits.MaxSummaryLength);
        public static readonly IntegerField Order = new("order", ContentLimits.MinOrder, ContentLimits.MaxOrder) { Description = "Listed by it, lowest first (default 0)." };
    }

    public static class ItemPatchFields
    {
        public static readonly IdField CategoryId = new("categoryId");
        public static readonly ChoiceField<ContentType> Type = new("type", [.. Enum.GetValues<ContentType>().Select(type => KeyValuePair.Create(ContentTypes.ToText(type), type))]);
        public static readonly TextField Title = new("title", ContentLimits.MaxTitleLength) { Description = "Not blank." };
        public static readonly TextField Slug = new("slug", ContentLimits.MaxSlugLength)
        {
            Pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", Description = "Unique.",
            PatternMessage = $"'slug' is lower-case letters and digits in words joined by hyphens, at most {ContentLimits.MaxSlugLength} characters.",
        };
        public static readonly TextField Summary = new("summary", ContentLimits.MaxSummaryLength);
        public static readonly TextField Body = new("body", ContentLimits.MaxBodyLength) { Description = "Markdown." };
        public static readonly TextField AudioUrl = Address("audioUrl");
        public static readonly TextField ImageUrl = Address("imageUrl");
        public static readonly TextField Region = new("region", ContentLimits.MaxRegionLength) { Description = "Where a crisis resource serves." };
        public static readonly TextField Phone = new("phone", ContentLimits.MaxPhoneLength) { Description = "A crisis resource's phone number." };
        public static readonly TextField Url = Address("url");
        public static readonly FlagField IsPremium = new("isPremium") { Description = "Only premium members may read it (default false)." };
        public static readonly FlagField IsPublished = new("isPublished") { Description = "Readers see it (default false)." };
        public static readonly IntegerField Order = ContentCategoryFields.Order;

        // An http(s) address; the route also checks that it is an absolute URI. Empty clears it.
        private static TextField Address(string name) => new(name, ContentLimits.MaxUrlLength)
        {
            Format = "uri", Pattern = @"^(https?://\S+)?$",
            PatternMessage = $"'{name}' must be an http(s) address of at most {ContentLimits.MaxUrlLength} characters.",
        };
    }

    public static class NewItemFields
    {
        public static readonly IdField CategoryId = ItemPatchFields.CategoryId;
        public static readonly ChoiceField<ContentType> Type = ItemPatchFields.Type with { Required = true };
        public static readonly TextField Title = ItemPatchFields.Title with { Required = true };
        public static readonly TextField Slug = ItemPatchFields.Slug with { Description = "Unique; made from the title when not given." };
        public static readonly TextField Summary = ItemPatchFields.Summary;
        public static readonly TextField Body = ItemPatchFields.Body;
        public static readonly TextField AudioUrl = ItemPatchFields.AudioUrl;
        public static readonly TextField ImageUrl = ItemPatchFields.ImageUrl;
        public static readonly TextField Region = ItemPatchFields.Region;
        public static readonly TextField Phone = ItemPatchFields.Phone;
        public static readonly TextField Url = ItemPatchFields.Url;
        public static readonly FlagField IsPremium = ItemPatchFields.IsPremium;
        public static readonly FlagField IsPublished = ItemPatchFields.IsPublished;
        public static readonly IntegerField Order = ItemPatchFields.Order;
    }

    private static async Task<Results<Created<ContentCategory>, ValidationProblem, ProblemHttpResult>> CreateCategoryAsync(CategoryBody body, IGrainFactory grains)
    {
        var validator = new Validator().Text(ContentCategoryFields.Name, body.Name).Text(ContentCategoryFields.Description, body.Description)
            .Integer(ContentCategoryFields.Order, body.Order);
        if (!validator.IsValid) return validator.Problem();
        var result = await ContentEndpoints.Library(grains).CreateCategoryAsync(new NewContentCategory(body.Name!.Trim(), body.Description, body.Order ?? 0));
        return result.Status == ContentStatus.NameTaken
            ? ProblemResults.Conflict("A category with this name exists.")
            : TypedResults.Created("/v1/content/categories", result.Item);
    }

    private static async Task<Results<Created<ContentItem>, ValidationProblem, ProblemHttpResult>> CreateItemAsync(ItemBody body, IGrainFactory grains)
    {
        var validator = new Validator();
        var type = Validate(body, validator, NewItemFields.Type, NewItemFields.Title) ?? default;
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

    private static async Task<Results<Ok<ContentItem>, ValidationProblem, ProblemHttpResult>> UpdateItemAsync(Guid id, ItemPatch body, IGrainFactory grains)
    {
        var validator = new Validator();
        var type = Validate(body, validator, ItemPatchFields.Type, ItemPatchFields.Title);
        if (!validator.IsValid) return validator.Problem();
        var result = await ContentEndpoints.Library(grains).UpdateItemAsync(id, new ContentItemChange(body.CategoryId,
            type, body.Title?.Trim(), body.Slug, body.Summary, body.Body, body.AudioUrl, body.ImageUrl,
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

    /// <summary>
    /// Checks the fields sent; <paramref name="type"/> and <paramref name="title"/> say whether they are
    /// required (on create). Answers the type when one was sent and is known.
    /// </summary>
    private static ContentType? Validate(IItemFields body, Validator validator, ChoiceField<ContentType> type, TextField title)
    {
        validator
            .Text(title, body.Title)
            .Text(ItemPatchFields.Slug, body.Slug)
            .Text(ItemPatchFields.Summary, body.Summary)
            .Text(ItemPatchFields.Body, body.Body)
            .Text(ItemPatchFields.Region, body.Region)
            .Text(ItemPatchFields.Phone, body.Phone)
            .Text(ItemPatchFields.AudioUrl, body.AudioUrl)
            .Text(ItemPatchFields.ImageUrl, body.ImageUrl)
            .Text(ItemPatchFields.Url, body.Url)
            .Integer(ItemPatchFields.Order, body.Order);
        if (body.Title is { } text && string.IsNullOrWhiteSpace(text)) validator.Add("title", "'title' must not be empty.");
        foreach (var (field, url) in new[] { (ItemPatchFields.AudioUrl, body.AudioUrl), (ItemPatchFields.ImageUrl, body.ImageUrl), (ItemPatchFields.Url, body.Url) })
            if (url is { Length: > 0 } && !Uri.TryCreate(url, UriKind.Absolute, out _)) validator.Add(field.Name, field.PatternMessage!);
        return validator.Choice(type, body.Type);
    }
}
