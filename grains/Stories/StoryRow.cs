using Journal.GrainInterfaces.Community;
using Journal.GrainInterfaces.Stories;
using Journal.Grains.Privacy;
using Journal.Grains.Storage;

namespace Journal.Grains.Stories;

/// <summary>A stories row.</summary>
internal class StoryRow
{
    public const string Columns = "id, author_id, author_pseudonym, title, content, sealed_text, visibility, tags, status, version, created_at, updated_at, edited_at";

    public Guid Id { get; init; }
    public Guid? AuthorId { get; init; }
    public string AuthorPseudonym { get; init; } = "";
    public string? Title { get; init; }
    public string? Content { get; init; }
    public byte[]? SealedText { get; init; }
    public string Visibility { get; init; } = "";
    public string[] Tags { get; init; } = [];
    public string Status { get; init; } = "";
    public int Version { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? EditedAt { get; init; }

    /// <param name="authorKey">The author's data key, for a story that is not public (its words are sealed).</param>
    public Story ToStory(UserDataKey? authorKey)
    {
        var text = StoryText.Of(Id, Title, Content, SealedText, authorKey);
        return new(Id, AuthorId, AuthorPseudonym, text.Title, text.Content, EnumText<StoryVisibility>.Parse(Visibility), [.. Tags],
            EnumText<ContentStatus>.Parse(Status), Version, CreatedAt, UpdatedAt, EditedAt);
    }
}
