using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Accounts;
using Journal.GrainInterfaces.Community;
using Journal.GrainInterfaces.Notifications;
using Journal.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Journal.Grains.Community;

/// <summary>
/// What the community tells a member through their inbox: each moderation action that affected them
/// (PRODUCT.md §8: visible to the affected user), crisis resources when someone is worried about them,
/// and replies to what they wrote (when their settings ask for community activity).
/// The action is already committed: a notification that cannot be delivered is logged, never a failure.
/// </summary>
internal static class CommunityNotices
{
    public static Task TellAboutAsync(IGrainFactory grains, ModerationAction action, ILogger logger)
    {
        if (action.AffectedUserId is not { } userId || action.ModeratorId == userId) return Task.CompletedTask;
        var what = action.TargetType switch
        {
            TargetType.Post => "your post",
            TargetType.Comment => "your comment",
            TargetType.Story => "your story",
            _ => "your account",
        };
        var title = action.Action switch
        {
            ModerationActionKind.AutoHide => $"Members reported {what}; it is hidden until a moderator reviews it",
            ModerationActionKind.Suspend => $"Your community access is suspended until {action.SuspendedUntil:yyyy-MM-dd HH:mm} UTC",
            ModerationActionKind.Ban => "Your community access is banned",
            ModerationActionKind.Unban => "Your community access is restored",
            ModerationActionKind.Warn => "A moderator sent you a warning",
            var kind => $"A moderator took an action on {what}: {EnumText<ModerationActionKind>.ToText(kind)}",
        };
        var body = (action.Reason is { Length: > 0 } reason ? $"Reason: {reason}. " : "")
                   + "You can see it in your moderation history and appeal it once (POST /v1/me/appeals).";
        return NotifyAsync(grains, userId, new NewNotification(NotificationKinds.Moderation, title, body, $"moderation:{action.Id:N}"), logger);
    }

    /// <summary>Sent once per reported post, comment, story or member, whoever reports it and however often.</summary>
    public static Task SendCrisisResourcesAsync(IGrainFactory grains, Guid userId, TargetType targetType, Guid targetId, ILogger logger) =>
        NotifyAsync(grains, userId, new NewNotification(NotificationKinds.CrisisResources, CrisisResources.Title, CrisisResources.Body,
            $"crisis:{EnumText<TargetType>.ToText(targetType)}:{targetId:N}"), logger);

    public static Task TellAboutAppealAsync(IGrainFactory grains, Appeal appeal, ILogger logger) =>
        NotifyAsync(grains, appeal.UserId, new NewNotification(NotificationKinds.Moderation,
            appeal.Status == AppealStatus.Reversed ? "Your appeal was accepted: the action is reversed" : "Your appeal was reviewed: the action stands",
            appeal.DecisionNotes ?? "A moderator reviewed your appeal.", $"appeal:{appeal.Id:N}"), logger);

    /// <summary>Someone answered the member's post or comment; sent only if their settings want community activity.</summary>
    public static async Task TellAboutReplyAsync(IGrainFactory grains, Guid recipient, Comment reply, bool toComment, ILogger logger)
    {
        try
        {
            if (!(await grains.GetGrain<IUserGrain>(recipient).GetSettingsAsync()).Notifications.CommunityActivity) return;
        }
        catch (AccountNotFoundException)
        {
            return;
        }
        var excerpt = reply.Content.Length <= 140 ? reply.Content : reply.Content[..139] + "…";
        await NotifyAsync(grains, recipient, new NewNotification(NotificationKinds.Community,
            $"{reply.AuthorPseudonym} replied to your {(toComment ? "comment" : "post")}", excerpt, $"reply:{reply.Id:N}"), logger);
    }

    private static async Task NotifyAsync(IGrainFactory grains, Guid userId, NewNotification notification, ILogger logger)
    {
        try
        {
            await grains.GetGrain<INotificationGrain>(userId).NotifyAsync(notification);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not notify user {UserId} ({Kind})", userId, notification.Kind);
        }
    }
}
