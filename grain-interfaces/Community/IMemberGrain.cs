using System.Collections.Immutable;
using Journal.Runtime;

namespace Journal.GrainInterfaces.Community;

/// <summary>
/// A user's community standing (key = user id): their sanctions, their daily quotas as a new account,
/// the reports they file and their appeals. Their posts, comments and reports go through it, so a
/// sanction or a quota is checked and spent in one turn.
/// </summary>
public interface IMemberGrain : IGrainWithGuidKey
{
    /// <summary>With an Idempotency-Key seen before, the first post (<see cref="CommunityStatus.Replayed"/>): a retry never posts twice.</summary>
    Task<CommunityResult<Post>> CreatePostAsync(Guid categoryId, string title, string content, IdempotencyKey? idempotency);

    Task<CommunityResult<Comment>> AddCommentAsync(Guid postId, string content, Guid? parentCommentId, IdempotencyKey? idempotency);

    /// <summary>The member's own edits and deletions, checked against their sanction in the same turn.</summary>
    Task<CommunityResult<Post>> EditPostAsync(Guid postId, string? title, string? content);

    Task<CommunityResult<Post>> DeletePostAsync(Guid postId);

    Task<CommunityResult<Comment>> EditCommentAsync(Guid postId, Guid commentId, string content);

    Task<CommunityResult<Comment>> DeleteCommentAsync(Guid postId, Guid commentId);

    Task<CommunityResult<Report>> FileReportAsync(NewReport report);

    /// <summary>Warn, suspend (days), ban or unban this member, logged in the mod log and told to them.</summary>
    Task<CommunityResult<ModerationAction>> SanctionAsync(ModerationCommand command);

    /// <summary>One appeal per moderation action that affected this member.</summary>
    Task<CommunityResult<Appeal>> FileAppealAsync(Guid moderationActionId, string message);

    [ReadOnly]
    Task<ImmutableList<Appeal>> ListAppealsAsync();

    [ReadOnly]
    Task<CommunityExport?> ExportAsync();

    Task EraseAsync(bool deleteContent);
}
