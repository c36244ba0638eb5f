using Journal.Runtime;

namespace Journal.GrainInterfaces.Community;

/// <summary>
/// The comment tree of one post (key = post id), in memory; the single writer of its comments. Its post
/// grain tells it when the post stops (or starts again) taking comments, in a turn of its own, so a
/// comment is either in before a lock or refused after it.
/// </summary>
public interface IThreadGrain : IGrainWithGuidKey
{
    [ReadOnly]
    Task<CommentThread?> GetAsync();

    Task<CommunityResult<Comment>> AddCommentAsync(NewComment comment);

    Task<CommunityResult<Comment>> EditCommentAsync(Guid commentId, Guid authorId, string content);

    Task<CommunityResult<Comment>> DeleteCommentAsync(Guid commentId, Guid authorId);

    /// <summary>Hide, unhide or delete a comment (and restore, when an appeal reverses a delete).</summary>
    Task<CommunityResult<ModerationAction>> ModerateCommentAsync(Guid commentId, ModerationCommand command);

    Task<CommunityResult<TallyResult>> CountReportAsync(Guid commentId, ReportTally tally);

    /// <summary>From the post grain: whether the post now takes comments (visible and not locked).</summary>
    Task SetAcceptsCommentsAsync(bool accepts);

    Task ForgetReporterAsync(Guid commentId, Guid reporterId);

    Task DetachAuthorAsync(Guid authorId, bool deleteContent);
}
