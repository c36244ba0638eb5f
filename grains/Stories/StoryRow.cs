using Journal.GrainInterfaces.Community;
using Journal.GrainInterfaces.Stories;
using Journal.Grains.Storage;

namespace Journal.Grains.Stories;

/// <summary>A stories row.</summary>
internal class StoryRow
{
    public const string Columns = "id, author_id, author_pseudonym, title, content, visibility, tags, status, version, created_at, updated_at, edited_at";

    public Guid Id { get; init; }
    public Guid? AuthorId { get; init; }
    public string AuthorPseudonym { get; init; } = "";
    public string Title { get; init; } = "";
    public string Content { get; init; } = "";
    public string Visibility { get; init; } = "";
    public string[] Tags { get; init; } = [];
    public string Status { get; init; } = "";
    public int Version { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? EditedAt { get; init; }

    public Story ToStory() => new(Id, AuthorId, AuthorPseudonym, Title, Content, EnumText<StoryVisibility>.Parse(Visibility), [.. Tags],
        EnumText<ContentStatus>.Parse(Status), Version, CreatedAt, UpdatedAt, EditedAt);
}
