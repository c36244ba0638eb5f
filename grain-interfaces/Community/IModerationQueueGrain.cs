using Orleans.Concurrency;

namespace Journal.GrainInterfaces.Community;

/// <summary>
/// The moderation queue (one grain, key <see cref="Key"/>): claims (15 minutes), resolutions and appeal decisions are
/// its turns, one at a time, so two moderators can never resolve the same report or decide the same appeal.
/// </summary>
[Alias("journal.IModerationQueueGrain")]
public interface IModerationQueueGrain : IGrainWithStringKey
{
    /// <summary>The key of the one queue grain.</summary>
    public const string Key = "community";

    [ReadOnly]
    [Alias("ListReportsAsync")]
    Task<Page<Report>> ListReportsAsync(ReportQuery query);

    /// <summary>Refused when another moderator holds an unexpired claim, or the report is resolved. A claim that ran out leaves the report pending again.</summary>
    [Alias("ClaimAsync")]
    Task<CommunityResult<Report>> ClaimAsync(Guid reportId, Guid moderatorId);

    /// <summary>Applies the action to the target (or its author) and resolves every open report of that target.</summary>
    [Alias("ResolveAsync")]
    Task<CommunityResult<Report>> ResolveAsync(Guid reportId, Guid moderatorId, Resolution resolution);

    [ReadOnly]
    [Alias("ListAppealsAsync")]
    Task<Page<Appeal>> ListAppealsAsync(AppealQuery query);

    /// <summary>
    /// Upholds the action, or reverses it (the content and status are restored, the reversal logged)
    /// while no later action of the same kind on the target has replaced it. Nobody decides their own appeal.
    /// </summary>
    [Alias("DecideAppealAsync")]
    Task<CommunityResult<Appeal>> DecideAppealAsync(Guid appealId, Guid moderatorId, bool byAdmin, AppealDecision decision, string? notes);
}
