using System.Collections.Immutable;
using Dapper;
using Journal.GrainInterfaces.Community;
using Journal.Grains.Storage;
using Journal.Persistence.Storage;
using Npgsql;

namespace Journal.Grains.Community;

/// <summary>The categories in memory (every feed and post starts here), the single writer of their rows.</summary>
[GrainType(GrainTypes.CommunityCategories)]
public sealed class CommunityCategoriesGrain(
    [UnitOfWorkState("community-categories")] IUnitOfWorkState<CategoriesVersion> version,
    NpgsqlDataSource dataSource) : Grain, ICommunityCategoriesGrain
{
    private const string Columns = "id, name, description, sort_order AS \"order\", created_at, updated_at";

    private ImmutableList<Category> _categories = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        _categories = Sorted(await connection.QueryAsync<Category>(new CommandDefinition($"SELECT {Columns} FROM community_categories", cancellationToken: cancellationToken)));
    }

    public Task<ImmutableList<Category>> ListAsync() => Task.FromResult(_categories);

    public async Task<CommunityResult<Category>> CreateAsync(CategoryChange category)
    {
        if (NameTaken(category.Name!, except: null)) return CommunityResult<Category>.Fail(CommunityStatus.Duplicate, "A category with this name exists.");
        var now = StoredTime.Now();
        var created = new Category(Guid.NewGuid(), category.Name!, category.Description, category.Order ?? _categories.Count + 1, now, now);
        if (!await WrittenAsync(new UnitOfWork().Execute(
                "INSERT INTO community_categories (id, name, description, sort_order, created_at, updated_at) VALUES (@Id, @Name, @Description, @Order, @CreatedAt, @UpdatedAt)",
                created)))
            return CommunityResult<Category>.Fail(CommunityStatus.Duplicate, "A category with this name exists.");
        _categories = Sorted(_categories.Add(created));
        return CommunityResult<Category>.Done(created);
    }

    public async Task<CommunityResult<Category>> UpdateAsync(Guid categoryId, CategoryChange change)
    {
        if (_categories.Find(category => category.Id == categoryId) is not { } current) return CommunityResult<Category>.Fail(CommunityStatus.NotFound, "There is no such category.");
        if (change.Name is { } name && NameTaken(name, except: categoryId)) return CommunityResult<Category>.Fail(CommunityStatus.Duplicate, "A category with this name exists.");
        var updated = current with
        {
            Name = change.Name ?? current.Name, Description = change.Description ?? current.Description, Order = change.Order ?? current.Order, UpdatedAt = StoredTime.Now(),
        };
        if (!await WrittenAsync(new UnitOfWork().Execute(
                "UPDATE community_categories SET name = @Name, description = @Description, sort_order = @Order, updated_at = @UpdatedAt WHERE id = @Id", updated)))
            return CommunityResult<Category>.Fail(CommunityStatus.Duplicate, "A category with this name exists.");
        _categories = Sorted(_categories.Replace(current, updated));
        return CommunityResult<Category>.Done(updated);
    }

    public async Task<CommunityResult<Category>> DeleteAsync(Guid categoryId)
    {
        if (_categories.Find(category => category.Id == categoryId) is not { } current) return CommunityResult<Category>.Fail(CommunityStatus.NotFound, "There is no such category.");
        try
        {
            await version.WriteStateAsync(new UnitOfWork().Execute("DELETE FROM community_categories WHERE id = @categoryId", new { categoryId }));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // The foreign key decides, so a post created a moment ago counts too.
            return CommunityResult<Category>.Fail(CommunityStatus.Refused, "The category still has posts; move or delete them first.");
        }
        _categories = _categories.Remove(current);
        return CommunityResult<Category>.Done(current);
    }

    // PostgreSQL's lower() folds some names .NET's comparison keeps apart (the Kelvin sign): its unique index decides.
    private async Task<bool> WrittenAsync(UnitOfWork changes)
    {
        try
        {
            await version.WriteStateAsync(changes);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return false;
        }
    }

    private bool NameTaken(string name, Guid? except) =>
        _categories.Any(category => category.Id != except && string.Equals(category.Name, name, StringComparison.OrdinalIgnoreCase));

    private static ImmutableList<Category> Sorted(IEnumerable<Category> categories) => [.. categories.OrderBy(category => category.Order).ThenBy(category => category.Name)];
}

/// <summary>The categories grain's stored state is only its version: the rows are the categories.</summary>
public sealed class CategoriesVersion;
