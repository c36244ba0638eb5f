using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Journal.GrainInterfaces.Community;

/// <summary>The community's categories (one grain, key <see cref="Key"/>), held in memory; the single writer of their rows.</summary>
[Alias("journal.ICommunityCategoriesGrain")]
public interface ICommunityCategoriesGrain : IGrainWithStringKey
{
    /// <summary>The key of the one categories grain.</summary>
    public const string Key = "community";

    [ReadOnly]
    [Alias("ListAsync")]
    Task<ImmutableList<Category>> ListAsync();

    /// <summary>Duplicate when the name is taken (case-insensitively).</summary>
    [Alias("CreateAsync")]
    Task<CommunityResult<Category>> CreateAsync(CategoryChange category);

    [Alias("UpdateAsync")]
    Task<CommunityResult<Category>> UpdateAsync(Guid categoryId, CategoryChange change);

    /// <summary>Refused while the category still has posts.</summary>
    [Alias("DeleteAsync")]
    Task<CommunityResult<Category>> DeleteAsync(Guid categoryId);
}
