using System.Collections.Immutable;
using Journal.GrainInterfaces.Accounts;
using Journal.GrainInterfaces.Community;

namespace Journal.Grains.Community;

/// <summary>
/// How much a report counts and how urgent it is (PRODUCT.md §8): an established member's report
/// weighs 1, a new account's half, and a moderator's report reaches the threshold alone. Self-harm
/// reports go to the front of the queue.
/// </summary>
public static class ReportPolicy
{
    public const int NormalPriority = 1;
    public const int UrgentPriority = 10;

    public static double Weight(ImmutableList<string> reporterRoles, DateTimeOffset reporterCreatedAt, DateTimeOffset now, CommunityOptions options)
    {
        if (reporterRoles.Contains(Roles.Moderator) || reporterRoles.Contains(Roles.Admin)) return options.AutoHideThreshold;
        return IsNewAccount(reporterCreatedAt, now, options) ? 0.5 : 1.0;
    }

    public static int Priority(ReportReason reason) => reason == ReportReason.SelfHarm ? UrgentPriority : NormalPriority;

    /// <summary>Whether the tally reached the threshold (with a little room for the halves' rounding).</summary>
    public static bool ReachesThreshold(double tally, CommunityOptions options) => tally >= options.AutoHideThreshold - 1e-9;

    public static bool IsNewAccount(DateTimeOffset createdAt, DateTimeOffset now, CommunityOptions options) => now - createdAt < options.NewAccountAge;
}
