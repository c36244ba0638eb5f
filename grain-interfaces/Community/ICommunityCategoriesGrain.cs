using System.Collections.Immutable;
using Journal.Runtime;

namespace Journal.GrainInterfaces.Community;

/// <summary>The community's categories (one grain, key <see cref="Key"/>), held in memory; the single writer of their rows.</summary>
public interface ICommunityCategoriesGrain : IGrainWithStringKey
{
    /// <summary>The key of the one categories grain.</summary>
    public const string Key = "community";

    [ReadOnly]
    Task<ImmutableList<Category>> ListAsync();

    /// <summary>Duplicate when the name is taken (case-insensitively).</summary>
    Task<CommunityResult<Category>> CreateAsync(CategoryChange category);

    Task<CommunityResult<Category>> UpdateAsync(Guid categoryId, CategoryChange change);

    /// <summary>Refused while the category still has posts.</summary>
    Task<CommunityResult<Category>> DeleteAsync(Guid categoryId);
}
