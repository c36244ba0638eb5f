using Journal.GrainInterfaces.Community;
using Journal.Grains.Storage;

namespace Journal.Grains.Community;

/// <summary>Which moderation action applies to what, what it does to a status, and what undoes it.</summary>
public static class ModerationRules
{
    public static bool AppliesToContent(ModerationActionKind action) =>
        action is ModerationActionKind.Hide or ModerationActionKind.Unhide or ModerationActionKind.Delete or ModerationActionKind.Restore or ModerationActionKind.AutoHide;

    public static bool AppliesToPost(ModerationActionKind action) =>
        AppliesToContent(action) || action is ModerationActionKind.Lock or ModerationActionKind.Unlock;

    public static bool AppliesToMember(ModerationActionKind action) =>
        action is ModerationActionKind.Warn or ModerationActionKind.Suspend or ModerationActionKind.Ban or ModerationActionKind.Unban;

    /// <summary>
    /// Why a moderator's <paramref name="command"/> is refused on a post, comment or story (<paramref name="noun"/>), or null:
    /// an action that does not <paramref name="apply"/> to it, words its author deleted (nothing left to judge), or the
    /// moderator's own content.
    /// </summary>
    public static CommunityResult<ModerationAction>? RefusalOnContent(
        ModerationCommand command, string noun, bool apply, ContentStatus status, string content, Guid? authorId)
    {
        if (!apply)
            return CommunityResult<ModerationAction>.Fail(CommunityStatus.Refused, $"'{EnumText<ModerationActionKind>.ToText(command.Action)}' does not apply to a {noun}.");
        if (status == ContentStatus.Deleted && content.Length == 0)
            return CommunityResult<ModerationAction>.Fail(CommunityStatus.Refused, $"The author deleted this {noun}.");
        if (command.ModeratorId is { } moderator && moderator == authorId)
            return CommunityResult<ModerationAction>.Fail(CommunityStatus.NotYours, $"Moderators do not act on their own {noun}s; another moderator must.");
        return null;
    }

    /// <summary>The content status after <paramref name="action"/>; lock and unlock leave it as it is.</summary>
    public static ContentStatus StatusAfter(ModerationActionKind action, ContentStatus current) => action switch
    {
        ModerationActionKind.Hide or ModerationActionKind.AutoHide => ContentStatus.Hidden,
        ModerationActionKind.Delete => ContentStatus.Deleted,
        ModerationActionKind.Unhide or ModerationActionKind.Restore => ContentStatus.Visible,
        _ => current,
    };

    /// <summary>
    /// What an appeal's reversal does: the opposite action, or null when there is nothing to undo (a
    /// warning is only marked reversed). Reversing a lift or a restore is not an appeal's business.
    /// </summary>
    public static ModerationActionKind? Reversal(ModerationActionKind action) => action switch
    {
        ModerationActionKind.Hide or ModerationActionKind.AutoHide => ModerationActionKind.Unhide,
        ModerationActionKind.Delete => ModerationActionKind.Restore,
        ModerationActionKind.Lock => ModerationActionKind.Unlock,
        ModerationActionKind.Suspend or ModerationActionKind.Ban => ModerationActionKind.Unban,
        _ => null,
    };

    /// <summary>Actions a member can appeal: those taken against their content or account.</summary>
    public static bool IsAppealable(ModerationActionKind action) =>
        action is ModerationActionKind.Hide or ModerationActionKind.AutoHide or ModerationActionKind.Delete or ModerationActionKind.Lock
            or ModerationActionKind.Warn or ModerationActionKind.Suspend or ModerationActionKind.Ban;

    /// <summary>
    /// What an action changes: content visibility, a post's lock, or a member's standing (a warning
    /// changes nothing). An appeal reverses an action only while no later action of the same kind on
    /// the target has replaced it: undoing a hide must not undo a later delete.
    /// </summary>
    public static ModerationActionKind[] SameKind(ModerationActionKind action) => action switch
    {
        ModerationActionKind.Hide or ModerationActionKind.AutoHide or ModerationActionKind.Unhide or ModerationActionKind.Delete or ModerationActionKind.Restore =>
            [ModerationActionKind.Hide, ModerationActionKind.AutoHide, ModerationActionKind.Unhide, ModerationActionKind.Delete, ModerationActionKind.Restore],
        ModerationActionKind.Lock or ModerationActionKind.Unlock => [ModerationActionKind.Lock, ModerationActionKind.Unlock],
        ModerationActionKind.Suspend or ModerationActionKind.Ban or ModerationActionKind.Unban => [ModerationActionKind.Suspend, ModerationActionKind.Ban, ModerationActionKind.Unban],
        _ => [action],
    };

    /// <summary>Replies nest at most this deep (a root comment is depth 0), so a thread stays readable and serializable.</summary>
    public const int MaxReplyDepth = 8;

    /// <summary>Whether a post in this state takes new comments.</summary>
    public static bool AcceptsComments(ContentStatus status, bool locked) => status == ContentStatus.Visible && !locked;
}
