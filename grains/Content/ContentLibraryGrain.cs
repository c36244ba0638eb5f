using System.Collections.Immutable;
using Dapper;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Content;
using Journal.Grains.Storage;
using Journal.Persistence.Storage;
using Npgsql;

namespace Journal.Grains.Content;

/// <summary>
/// The content library. Every category and item is loaded once per activation and served from
/// memory; admin changes are written through the unit of work with the grain's version check, so
/// this activation is the tables' only writer and memory is what the database holds.
/// </summary>
[GrainType(GrainTypes.ContentLibrary)]
public sealed class ContentLibraryGrain(
    [UnitOfWorkState("content")] IUnitOfWorkState<ContentLibraryVersion> version,
    NpgsqlDataSource dataSource) : Grain, IContentLibraryGrain
{
    private readonly Dictionary<Guid, ContentCategory> _categories = [];
    private readonly Dictionary<Guid, ContentItem> _items = [];
    private readonly Dictionary<string, ContentItem> _bySlug = new(StringComparer.Ordinal);

    /// <summary>Display order: the order field, then the slug (unique, so the order is total and a cursor can name a place in it).</summary>
    private static readonly IComparer<(int Order, string Slug)> s_displayOrder = Comparer<(int Order, string Slug)>.Create((a, b) =>
    {
        var byOrder = a.Order.CompareTo(b.Order);
        return byOrder != 0 ? byOrder : string.CompareOrdinal(a.Slug, b.Slug);
    });

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        using var rows = await connection.QueryMultipleAsync(new CommandDefinition(
            $"SELECT {CategoryRow.Columns} FROM content_categories; SELECT {ItemRow.Columns} FROM content_items", cancellationToken: cancellationToken));
        foreach (var row in await rows.ReadAsync<CategoryRow>()) _categories[row.Id] = row.ToCategory();
        foreach (var row in await rows.ReadAsync<ItemRow>()) Remember(row.ToItem());
    }

    public Task<ImmutableList<ContentCategory>> GetCategoriesAsync() => Task.FromResult(
        _categories.Values.OrderBy(c => c.Order).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToImmutableList());

    public Task<Page<ContentItem>> ListItemsAsync(ContentQuery query)
    {
        (int Order, string Slug)? after = query.Cursor is null ? null : FromCursor(query.Cursor);
        var matches = Published()
            .Where(i => (query.Type is null || i.Type == query.Type) && (query.CategoryId is null || i.CategoryId == query.CategoryId))
            .Where(i => after is not { } place || s_displayOrder.Compare(Position(i), place) > 0)
            .OrderBy(Position, s_displayOrder)
            .Take(query.Limit + 1)
            .ToList();
        var page = matches.Take(query.Limit).ToList();
        return Task.FromResult(new Page<ContentItem>([.. page.Select(i => i with { Body = null })],
            matches.Count > query.Limit ? Cursor.Encode(page[^1].Order.ToString(System.Globalization.CultureInfo.InvariantCulture), page[^1].Slug) : null));
    }

    public Task<ContentItem?> GetItemAsync(string slug) =>
        Task.FromResult(_bySlug.TryGetValue(slug, out var item) && item.IsPublished ? item : null);

    public Task<ContentItem?> GetDailyTipAsync(Guid userId, DateOnly day, bool premium)
    {
        var tips = Choices(ContentType.Tip, premium);
        return Task.FromResult(tips.Count == 0 ? null : tips[DailyPick.Index(userId, day, tips.Count)]);
    }

    public Task<ContentItem?> GetRandomPromptAsync(bool premium)
    {
        var prompts = Choices(ContentType.JournalPrompt, premium);
        return Task.FromResult(prompts.Count == 0 ? null : prompts[Random.Shared.Next(prompts.Count)]);
    }

    public Task<ImmutableList<ContentItem>> GetCrisisResourcesAsync() =>
        Task.FromResult(Published().Where(i => i.Type == ContentType.CrisisResource).OrderBy(Position, s_displayOrder).ToImmutableList());

    public Task<bool> IsJournalPromptAsync(Guid itemId) =>
        Task.FromResult(_items.TryGetValue(itemId, out var item) && item.Type == ContentType.JournalPrompt);

    public async Task<ContentResult<ContentCategory>> CreateCategoryAsync(NewContentCategory category)
    {
        if (_categories.Values.Any(c => string.Equals(c.Name, category.Name, StringComparison.OrdinalIgnoreCase))) return new(ContentStatus.NameTaken, null);
        var now = DateTimeOffset.UtcNow;
        var created = new ContentCategory(Guid.NewGuid(), category.Name, category.Description, category.Order, now, now);
        await version.WriteStateAsync(new UnitOfWork().Execute(
            $"INSERT INTO content_categories ({CategoryRow.Columns}) VALUES (@Id, @Name, @Description, @Order, @CreatedAt, @UpdatedAt)", created));
        _categories[created.Id] = created;
        return new(ContentStatus.Done, created);
    }

    public async Task<ContentResult<ContentItem>> CreateItemAsync(NewContentItem item)
    {
        if (_bySlug.ContainsKey(item.Slug)) return new(ContentStatus.SlugTaken, null);
        if (item.CategoryId is { } categoryId && !_categories.ContainsKey(categoryId)) return new(ContentStatus.UnknownCategory, null);
        var now = DateTimeOffset.UtcNow;
        var created = new ContentItem(Guid.NewGuid(), item.CategoryId, item.Type, item.Title, item.Slug, item.Summary, item.Body, item.AudioUrl, item.ImageUrl,
            item.Region, item.Phone, item.Url, item.IsPremium, item.IsPublished, item.IsPublished ? now : null, item.Order, now, now);
        await version.WriteStateAsync(new UnitOfWork().Execute(
            $"""
            INSERT INTO content_items ({ItemRow.Columns})
            VALUES (@Id, @CategoryId, @Type, @Title, @Slug, @Summary, @Body, @AudioUrl, @ImageUrl, @Region, @Phone, @Url, @IsPremium, @IsPublished,
                    @PublishedAt, @SortOrder, @CreatedAt, @UpdatedAt)
            """, ItemRow.Parameters(created)));
        Remember(created);
        return new(ContentStatus.Done, created);
    }

    public async Task<ContentResult<ContentItem>> UpdateItemAsync(Guid itemId, ContentItemChange change)
    {
        if (!_items.TryGetValue(itemId, out var item)) return new(ContentStatus.NotFound, null);
        if (change.Slug is not null && change.Slug != item.Slug && _bySlug.ContainsKey(change.Slug)) return new(ContentStatus.SlugTaken, null);
        if (change.CategoryId is { } categoryId && !_categories.ContainsKey(categoryId)) return new(ContentStatus.UnknownCategory, null);
        var now = DateTimeOffset.UtcNow;
        var published = change.IsPublished ?? item.IsPublished;
        var updated = item with
        {
            CategoryId = change.CategoryId ?? item.CategoryId,
            Type = change.Type ?? item.Type,
            Title = change.Title ?? item.Title,
            Slug = change.Slug ?? item.Slug,
            Summary = Changed(change.Summary, item.Summary),
            Body = Changed(change.Body, item.Body),
            AudioUrl = Changed(change.AudioUrl, item.AudioUrl),
            ImageUrl = Changed(change.ImageUrl, item.ImageUrl),
            Region = Changed(change.Region, item.Region),
            Phone = Changed(change.Phone, item.Phone),
            Url = Changed(change.Url, item.Url),
            IsPremium = change.IsPremium ?? item.IsPremium,
            IsPublished = published,
            // Published since the first time it went out; unpublishing clears it.
            PublishedAt = published ? item.PublishedAt ?? now : null,
            Order = change.Order ?? item.Order,
            UpdatedAt = now,
        };
        await version.WriteStateAsync(new UnitOfWork().Execute(
            """
            UPDATE content_items SET category_id = @CategoryId, type = @Type, title = @Title, slug = @Slug, summary = @Summary, body = @Body,
                audio_url = @AudioUrl, image_url = @ImageUrl, region = @Region, phone = @Phone, url = @Url, is_premium = @IsPremium,
                is_published = @IsPublished, published_at = @PublishedAt, sort_order = @SortOrder, updated_at = @UpdatedAt
            WHERE id = @Id
            """, ItemRow.Parameters(updated)));
        _bySlug.Remove(item.Slug);
        Remember(updated);
        return new(ContentStatus.Done, updated);
    }

    public async Task<bool> DeleteItemAsync(Guid itemId)
    {
        if (!_items.TryGetValue(itemId, out var item)) return false;
        await version.WriteStateAsync(new UnitOfWork().Execute("DELETE FROM content_items WHERE id = @itemId", new { itemId }));
        _items.Remove(itemId);
        _bySlug.Remove(item.Slug);
        return true;
    }

    private void Remember(ContentItem item)
    {
        _items[item.Id] = item;
        _bySlug[item.Slug] = item;
    }

    private IEnumerable<ContentItem> Published() => _items.Values.Where(i => i.IsPublished);

    // The published items of a type a user may get, in a stable order (the daily pick depends on it).
    private List<ContentItem> Choices(ContentType type, bool premium) =>
        Published().Where(i => i.Type == type && (premium || !i.IsPremium)).OrderBy(Position, s_displayOrder).ToList();

    private static string? Changed(string? change, string? current) => change is null ? current : change.Length == 0 ? null : change;

    private static (int Order, string Slug) Position(ContentItem item) => (item.Order, item.Slug);

    private static (int Order, string Slug) FromCursor(string cursor)
    {
        var parts = Cursor.Decode(cursor, 2);
        return (Cursor.Parse<int>(parts[0]), parts[1]);
    }
}

/// <summary>The library grain's stored state holds no data: its version fences the content rows.</summary>
public sealed class ContentLibraryVersion;
