using Journal.GrainInterfaces.Content;

namespace Journal.Grains.Content;

/// <summary>The content_categories row.</summary>
internal sealed class CategoryRow
{
    public const string Columns = "id, name, description, sort_order, created_at, updated_at";

    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public int SortOrder { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public ContentCategory ToCategory() => new(Id, Name, Description, SortOrder, CreatedAt, UpdatedAt);
}

/// <summary>The content_items row; the type is stored as the product spells it (exercise_cbt).</summary>
internal sealed class ItemRow
{
    public const string Columns =
        "id, category_id, type, title, slug, summary, body, audio_url, image_url, region, phone, url, is_premium, is_published, published_at, sort_order, created_at, updated_at";

    public Guid Id { get; init; }
    public Guid? CategoryId { get; init; }
    public string Type { get; init; } = "";
    public string Title { get; init; } = "";
    public string Slug { get; init; } = "";
    public string? Summary { get; init; }
    public string? Body { get; init; }
    public string? AudioUrl { get; init; }
    public string? ImageUrl { get; init; }
    public string? Region { get; init; }
    public string? Phone { get; init; }
    public string? Url { get; init; }
    public bool IsPremium { get; init; }
    public bool IsPublished { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public int SortOrder { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public ContentItem ToItem() => new(Id, CategoryId, ContentTypes.Parse(Type), Title, Slug, Summary, Body, AudioUrl, ImageUrl, Region, Phone, Url,
        IsPremium, IsPublished, PublishedAt, SortOrder, CreatedAt, UpdatedAt);

    /// <summary>The parameters of an INSERT or UPDATE of <paramref name="item"/>.</summary>
    public static object Parameters(ContentItem item) => new
    {
        item.Id, item.CategoryId, Type = ContentTypes.ToText(item.Type), item.Title, item.Slug, item.Summary, item.Body, item.AudioUrl, item.ImageUrl,
        item.Region, item.Phone, item.Url, item.IsPremium, item.IsPublished, item.PublishedAt, SortOrder = item.Order, item.CreatedAt, item.UpdatedAt,
    };
}
