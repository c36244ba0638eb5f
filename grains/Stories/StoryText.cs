using Journal.GrainInterfaces.Stories;
using Journal.Grains.Privacy;

namespace Journal.Grains.Stories;

/// <summary>
/// Where a story's words are stored. A public story is read by every member under the author's
/// pseudonym, so its title and content are in clear, like a post's. A private or friends story is free
/// text written in private: its title and content are sealed together under the author's data key
/// (<c>sealed_text</c>), like journal text, so deleting the author's key crypto-shreds them.
/// </summary>
internal sealed record StoryText(string Title, string Content)
{
    private const string Purpose = "story";

    /// <summary>The columns' values for <paramref name="story"/>: clear or sealed, never both.</summary>
    public static (string? Title, string? Content, byte[]? SealedText) Columns(Story story, UserDataKey? authorKey)
    {
        if (story.Visibility == StoryVisibility.Public) return (story.Title, story.Content, null);
        // Words left only after the author's account went: nothing to seal (such a story was scrubbed).
        if (story.Title.Length == 0 && story.Content.Length == 0) return (null, null, null);
        var key = authorKey ?? throw new InvalidOperationException($"Story {story.Id} is not public and its author has no data key to seal it with.");
        return (null, null, key.Seal(Purpose, story.Id, new StoryText(story.Title, story.Content)));
    }

    /// <summary>The words of a row; a sealed one whose author's key is gone has none.</summary>
    public static StoryText Of(Guid storyId, string? title, string? content, byte[]? sealedText, UserDataKey? authorKey) =>
        sealedText is null ? new(title ?? "", content ?? "")
        : authorKey is null ? new("", "")
        : authorKey.Open<StoryText>(Purpose, storyId, sealedText);
}
