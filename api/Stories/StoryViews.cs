using System.Collections.Immutable;
using Journal.Api.Community;
using Journal.GrainInterfaces.Community;
using Journal.GrainInterfaces.Stories;
using Journal.Grains.Stories;

namespace Journal.Api.Stories;

/// <summary>A story as its readers see it: the author by pseudonym only; <c>version</c> is the ETag's value, for If-Match.</summary>
public sealed record StoryResponse(
    Guid Id, string Title, string Content, StoryVisibility Visibility, ImmutableList<string> Tags, ContentStatus Status, Author Author, bool IsOwn, int Version,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? EditedAt)
{
    public static StoryResponse From(Story story, Guid viewerId) => new(story.Id, story.Title, story.Content, story.Visibility, story.Tags, story.Status,
        new Author(story.AuthorPseudonym), story.AuthorId == viewerId, story.Version, story.CreatedAt, story.UpdatedAt, story.EditedAt);
}

/// <summary>A member the caller follows; when they follow back (<c>followsYou</c>), the two are friends.</summary>
public sealed record FollowResponse(string Pseudonym, DateTimeOffset Since, bool FollowsYou)
{
    public static FollowResponse From(FollowedMember followed) => new(followed.Pseudonym, followed.Since, followed.FollowsBack);
}
