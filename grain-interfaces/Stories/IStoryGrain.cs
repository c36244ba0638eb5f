using System.Collections.Immutable;
using Journal.GrainInterfaces.Community;
using Orleans.Concurrency;

namespace Journal.GrainInterfaces.Stories;

/// <summary>
/// One story (key = story id): its text, visibility, tags, status and report tally. Every change to it is a
/// turn of this grain, so an author's edit, a report and a moderator's action are applied one after the other,
/// as for posts. Who may read it is decided by the caller with <c>StoryAccess</c>: friendship lives in the follows.
/// </summary>
[Alias("journal.IStoryGrain")]
public interface IStoryGrain : IGrainWithGuidKey
{
    [Alias("CreateAsync")]
    Task<Story> CreateAsync(Guid authorId, string authorPseudonym, NewStory story);

    [ReadOnly]
    [Alias("GetAsync")]
    Task<Story?> GetAsync();

    /// <summary>The author's edit when the story's version is one of <paramref name="acceptedVersions"/> (null: any); refused while a moderator has it hidden.</summary>
    [Alias("EditAsync")]
    Task<CommunityResult<Story>> EditAsync(Guid authorId, StoryChange change, ImmutableList<int>? acceptedVersions);

    /// <summary>The author removes their story (its text is scrubbed); not while it is hidden for review.</summary>
    [Alias("DeleteAsync")]
    Task<CommunityResult<Story>> DeleteAsync(Guid authorId, ImmutableList<int>? acceptedVersions);

    /// <summary>Hide, unhide, delete or restore, logged in the mod log in the same transaction.</summary>
    [Alias("ModerateAsync")]
    Task<CommunityResult<ModerationAction>> ModerateAsync(ModerationCommand command);

    /// <summary>Counts one reporter once (never its author, only on a visible public story); hides the story at the threshold.</summary>
    [Alias("CountReportAsync")]
    Task<CommunityResult<TallyResult>> CountReportAsync(ReportTally tally);

    [Alias("ForgetReporterAsync")]
    Task ForgetReporterAsync(Guid reporterId);

    /// <summary>Account deletion: removes the author link; scrubs the text when the author asked, or when only they could read it.</summary>
    [Alias("DetachAuthorAsync")]
    Task DetachAuthorAsync(Guid authorId, bool deleteContent);
}
