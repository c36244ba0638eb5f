using System.Collections.Immutable;
using Journal.GrainInterfaces.Community;

namespace Journal.GrainInterfaces.Stories;

/// <summary>Who may read a story besides its author: nobody, every member, or the members who follow the author and are followed back.</summary>
[GenerateSerializer, Alias("journal.StoryVisibility")]
public enum StoryVisibility { Private, Public, Friends }

/// <summary>
/// A story as stored. <paramref name="AuthorId"/> never leaves the API (readers get the pseudonym); it is null once
/// the author's account is gone. <paramref name="Version"/> is the ETag: it changes with every change to the row.
/// </summary>
[GenerateSerializer, Immutable, Alias("journal.Story")]
public sealed record Story(
    Guid Id, Guid? AuthorId, string AuthorPseudonym, string Title, string Content, StoryVisibility Visibility, ImmutableList<string> Tags,
    ContentStatus Status, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? EditedAt);

[GenerateSerializer, Immutable, Alias("journal.NewStory")]
public sealed record NewStory(string Title, string Content, StoryVisibility Visibility, ImmutableList<string> Tags, IdempotencyKey? Idempotency);

/// <summary>An author's edit: what is null stays as it is.</summary>
[GenerateSerializer, Immutable, Alias("journal.StoryChange")]
public sealed record StoryChange(string? Title, string? Content, StoryVisibility? Visibility, ImmutableList<string>? Tags);

/// <summary>One direction of a follow between two members, as its follower's export holds it.</summary>
[GenerateSerializer, Immutable, Alias("journal.Follow")]
public sealed record Follow(string Pseudonym, DateTimeOffset Since);
