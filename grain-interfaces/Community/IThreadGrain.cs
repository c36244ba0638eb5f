using Orleans.Concurrency;

namespace Journal.GrainInterfaces.Community;

/// <summary>
/// The comment tree of one post (key = post id), in memory; the single writer of its comments. Its post
/// grain tells it when the post stops (or starts again) taking comments, in a turn of its own, so a
/// comment is either in before a lock or refused after it.
/// </summary>
[Alias("journal.IThreadGrain")]
public interface IThreadGrain : IGrainWithGuidKey
{
    [ReadOnly]
    [Alias("GetAsync")]
    Task<CommentThread?> GetAsync();

    [Alias("AddCommentAsync")]
    Task<CommunityResult<Comment>> AddCommentAsync(NewComment comment);

    [Alias("EditCommentAsync")]
    Task<CommunityResult<Comment>> EditCommentAsync(Guid commentId, Guid authorId, string content);

    [Alias("DeleteCommentAsync")]
    Task<CommunityResult<Comment>> DeleteCommentAsync(Guid commentId, Guid authorId);

    /// <summary>Hide, unhide or delete a comment (and restore, when an appeal reverses a delete).</summary>
    [Alias("ModerateCommentAsync")]
    Task<CommunityResult<ModerationAction>> ModerateCommentAsync(Guid commentId, ModerationCommand command);

    [Alias("CountReportAsync")]
    Task<CommunityResult<TallyResult>> CountReportAsync(Guid commentId, ReportTally tally);

    /// <summary>From the post grain: whether the post now takes comments (visible and not locked).</summary>
    [Alias("SetAcceptsCommentsAsync")]
    Task SetAcceptsCommentsAsync(bool accepts);

    [Alias("ForgetReporterAsync")]
    Task ForgetReporterAsync(Guid commentId, Guid reporterId);

    [Alias("DetachAuthorAsync")]
    Task DetachAuthorAsync(Guid authorId, bool deleteContent);
}
