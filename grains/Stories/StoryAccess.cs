using Journal.GrainInterfaces.Community;
using Journal.GrainInterfaces.Stories;

namespace Journal.Grains.Stories;

/// <summary>
/// Who may read a story, and what may be done to it (PRODUCT.md §7). The lists' SQL (<see cref="StoryFeed"/>) states
/// the same rule for many stories at once.
/// </summary>
public static class StoryAccess
{
    /// <summary>
    /// The author reads their story unless they deleted it (also while it is hidden for review). Others read a visible
    /// story that is public, or friends-only when they and the author follow each other. Moderators also read a public
    /// story that is hidden or deleted, as they do posts; private and friends stories stay private from them too.
    /// </summary>
    public static bool CanRead(Story story, Guid viewerId, bool isModerator, bool friends)
    {
        if (story.AuthorId == viewerId) return story.Status != ContentStatus.Deleted;
        if (isModerator && story.Visibility == StoryVisibility.Public) return true;
        if (story.Status != ContentStatus.Visible) return false;
        return story.Visibility == StoryVisibility.Public || (story.Visibility == StoryVisibility.Friends && friends);
    }

    /// <summary>Whether reading depends on the follows between the viewer and the author (so they must be looked up).</summary>
    public static bool DependsOnFriendship(Story story, Guid viewerId) =>
        story is { Visibility: StoryVisibility.Friends, Status: ContentStatus.Visible, AuthorId: { } author } && author != viewerId;

    /// <summary>Friends are members who follow each other; one-way is not enough.</summary>
    public static bool AreFriends(bool viewerFollowsAuthor, bool authorFollowsViewer) => viewerFollowsAuthor && authorFollowsViewer;

    /// <summary>Only what every member can read is reported into the community's queue: a visible public story.</summary>
    public static bool IsReportable(Story story) => story is { Status: ContentStatus.Visible, Visibility: StoryVisibility.Public };

    /// <summary>Why the author cannot change the story now (a moderator hid it: an edit never undoes a hide), or null.</summary>
    public static string? EditRefusal(Story story) =>
        story.Status == ContentStatus.Hidden ? "The story is hidden by a moderator and cannot be changed while that is reviewed." : null;

    /// <summary>On account deletion only public stories stay (under the pseudonym): nobody could read the others any more.</summary>
    public static bool ScrubsOnErasure(Story story, bool deleteCommunityContent) => deleteCommunityContent || story.Visibility != StoryVisibility.Public;
}
