using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Journal.GrainInterfaces.Content;

/// <summary>
/// The content library (key <see cref="Key"/>): categories and items of every type, the single
/// writer of the content_categories and content_items rows. The whole library is small and read by
/// everyone, so it is held in memory: reads never touch the database. Readers see published items only.
/// </summary>
[Alias("journal.IContentLibraryGrain")]
public interface IContentLibraryGrain : IGrainWithStringKey
{
    /// <summary>There is one library.</summary>
    public const string Key = "library";

    [ReadOnly]
    [Alias("GetCategoriesAsync")]
    Task<ImmutableList<ContentCategory>> GetCategoriesAsync();

    /// <summary>Published items in display order (without their bodies: lists carry summaries).</summary>
    [ReadOnly]
    [Alias("ListItemsAsync")]
    Task<Page<ContentItem>> ListItemsAsync(ContentQuery query);

    /// <summary>A published item with its body, or null.</summary>
    [ReadOnly]
    [Alias("GetItemAsync")]
    Task<ContentItem?> GetItemAsync(string slug);

    /// <summary>The same published tip all day for one user and day; premium tips only for premium users. Null when there is none.</summary>
    [ReadOnly]
    [Alias("GetDailyTipAsync")]
    Task<ContentItem?> GetDailyTipAsync(Guid userId, DateOnly day, bool premium);

    /// <summary>A published journal prompt chosen at random (premium ones only for premium users), or null.</summary>
    [ReadOnly]
    [Alias("GetRandomPromptAsync")]
    Task<ContentItem?> GetRandomPromptAsync(bool premium);

    [ReadOnly]
    [Alias("GetCrisisResourcesAsync")]
    Task<ImmutableList<ContentItem>> GetCrisisResourcesAsync();

    /// <summary>Whether <paramref name="itemId"/> is a journal prompt (published or not) that an entry may link to.</summary>
    [ReadOnly]
    [Alias("IsJournalPromptAsync")]
    Task<bool> IsJournalPromptAsync(Guid itemId);

    [Alias("CreateCategoryAsync")]
    Task<ContentResult<ContentCategory>> CreateCategoryAsync(NewContentCategory category);

    [Alias("CreateItemAsync")]
    Task<ContentResult<ContentItem>> CreateItemAsync(NewContentItem item);

    [Alias("UpdateItemAsync")]
    Task<ContentResult<ContentItem>> UpdateItemAsync(Guid itemId, ContentItemChange change);

    /// <summary>Deletes an item; false when there is none with that id.</summary>
    [Alias("DeleteItemAsync")]
    Task<bool> DeleteItemAsync(Guid itemId);
}
