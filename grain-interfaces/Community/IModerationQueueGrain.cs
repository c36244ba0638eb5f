using Journal.Runtime;

namespace Journal.GrainInterfaces.Community;

/// <summary>
/// The moderation queue (one grain, key <see cref="Key"/>): claims (15 minutes), resolutions and appeal decisions are
/// its turns, one at a time, so two moderators can never resolve the same report or decide the same appeal.
/// </summary>
public interface IModerationQueueGrain : IGrainWithStringKey
{
    /// <summary>The key of the one queue grain.</summary>
    public const string Key = "community";

    [ReadOnly]
    Task<Page<Report>> ListReportsAsync(ReportQuery query);

    /// <summary>Refused when another moderator holds an unexpired claim, or the report is resolved. A claim that ran out leaves the report pending again.</summary>
    Task<CommunityResult<Report>> ClaimAsync(Guid reportId, Guid moderatorId);

    /// <summary>Applies the action to the target (or its author) and resolves every open report of that target.</summary>
    Task<CommunityResult<Report>> ResolveAsync(Guid reportId, Guid moderatorId, Resolution resolution);

    [ReadOnly]
    Task<Page<Appeal>> ListAppealsAsync(AppealQuery query);

    /// <summary>
    /// Upholds the action, or reverses it (the content and status are restored, the reversal logged)
    /// while no later action of the same kind on the target has replaced it. Nobody decides their own appeal.
    /// </summary>
    Task<CommunityResult<Appeal>> DecideAppealAsync(Guid appealId, Guid moderatorId, bool byAdmin, AppealDecision decision, string? notes);
}
