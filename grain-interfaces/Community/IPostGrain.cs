using Orleans.Concurrency;

namespace Journal.GrainInterfaces.Community;

/// <summary>
/// One post (key = post id): its text, edits, status, lock and report tally. Every change to the post
/// is a turn of this grain, so an edit, a report and a moderator's action are applied one after the
/// other and the post always ends in a state someone chose. It tells its thread when comments open or close.
/// </summary>
[Alias("journal.IPostGrain")]
public interface IPostGrain : IGrainWithGuidKey
{
    [Alias("CreateAsync")]
    Task<Post> CreateAsync(NewPost post);

    [ReadOnly]
    [Alias("GetAsync")]
    Task<Post?> GetAsync();

    /// <summary>The author's edit; refused while a moderator has the post hidden, deleted or locked.</summary>
    [Alias("EditAsync")]
    Task<CommunityResult<Post>> EditAsync(Guid authorId, string? title, string? content);

    /// <summary>The author removes their post (its text is scrubbed); not while it is hidden for review.</summary>
    [Alias("DeleteAsync")]
    Task<CommunityResult<Post>> DeleteAsync(Guid authorId);

    /// <summary>Hide, unhide, lock, unlock, delete or restore, logged in the mod log in the same transaction.</summary>
    [Alias("ModerateAsync")]
    Task<CommunityResult<ModerationAction>> ModerateAsync(ModerationCommand command);

    /// <summary>Counts one reporter once (never its author); hides the post when the weighted tally reaches the threshold (logged as auto_hide).</summary>
    [Alias("CountReportAsync")]
    Task<CommunityResult<TallyResult>> CountReportAsync(ReportTally tally);

    /// <summary>Account deletion of a reporter: their id leaves the tally (the count stays).</summary>
    [Alias("ForgetReporterAsync")]
    Task ForgetReporterAsync(Guid reporterId);

    /// <summary>Account deletion: removes the author link (and the text when the author asked).</summary>
    [Alias("DetachAuthorAsync")]
    Task DetachAuthorAsync(Guid authorId, bool deleteContent);
}
