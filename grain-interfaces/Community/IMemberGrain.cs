using System.Collections.Immutable;
using Journal.GrainInterfaces.Stories;
using Orleans.Concurrency;

namespace Journal.GrainInterfaces.Community;

/// <summary>
/// A user's community standing (key = user id): their sanctions, their daily quotas as a new account,
/// the reports they file and their appeals. Their posts, comments and reports go through it, so a
/// sanction or a quota is checked and spent in one turn.
/// </summary>
[Alias("journal.IMemberGrain")]
public interface IMemberGrain : IGrainWithGuidKey
{
    /// <summary>With an Idempotency-Key seen before, the first post (<see cref="CommunityStatus.Replayed"/>): a retry never posts twice.</summary>
    [Alias("CreatePostAsync")]
    Task<CommunityResult<Post>> CreatePostAsync(Guid categoryId, string title, string content, IdempotencyKey? idempotency);

    [Alias("AddCommentAsync")]
    Task<CommunityResult<Comment>> AddCommentAsync(Guid postId, string content, Guid? parentCommentId, IdempotencyKey? idempotency);

    /// <summary>The member's own edits and deletions, checked against their sanction in the same turn.</summary>
    [Alias("EditPostAsync")]
    Task<CommunityResult<Post>> EditPostAsync(Guid postId, string? title, string? content);

    [Alias("DeletePostAsync")]
    Task<CommunityResult<Post>> DeletePostAsync(Guid postId);

    [Alias("EditCommentAsync")]
    Task<CommunityResult<Comment>> EditCommentAsync(Guid postId, Guid commentId, string content);

    [Alias("DeleteCommentAsync")]
    Task<CommunityResult<Comment>> DeleteCommentAsync(Guid postId, Guid commentId);

    /// <summary>A story of this member's; with an Idempotency-Key seen before, the first one (<see cref="CommunityStatus.Replayed"/>).</summary>
    [Alias("CreateStoryAsync")]
    Task<CommunityResult<Story>> CreateStoryAsync(NewStory story);

    [Alias("EditStoryAsync")]
    Task<CommunityResult<Story>> EditStoryAsync(Guid storyId, StoryChange change, ImmutableList<int>? acceptedVersions);

    [Alias("DeleteStoryAsync")]
    Task<CommunityResult<Story>> DeleteStoryAsync(Guid storyId, ImmutableList<int>? acceptedVersions);

    /// <summary>This member follows another (a no-op when they already do); refused while sanctioned, and for oneself.</summary>
    [Alias("FollowAsync")]
    Task<CommunityResult<Follow>> FollowAsync(Guid followeeId, string followeePseudonym);

    /// <summary>Stops following (a no-op when they did not); allowed while sanctioned, since it only takes a connection away.</summary>
    [Alias("UnfollowAsync")]
    Task UnfollowAsync(Guid followeeId);

    [Alias("FileReportAsync")]
    Task<CommunityResult<Report>> FileReportAsync(NewReport report);

    /// <summary>Warn, suspend (days), ban or unban this member, logged in the mod log and told to them.</summary>
    [Alias("SanctionAsync")]
    Task<CommunityResult<ModerationAction>> SanctionAsync(ModerationCommand command);

    /// <summary>One appeal per moderation action that affected this member.</summary>
    [Alias("FileAppealAsync")]
    Task<CommunityResult<Appeal>> FileAppealAsync(Guid moderationActionId, string message);

    [ReadOnly]
    [Alias("ListAppealsAsync")]
    Task<ImmutableList<Appeal>> ListAppealsAsync();

    [ReadOnly]
    [Alias("ExportAsync")]
    Task<CommunityExport?> ExportAsync();

    [Alias("EraseAsync")]
    Task EraseAsync(bool deleteContent);
}
