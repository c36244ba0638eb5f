namespace Journal.Grains.Community;

/// <summary>The community policy's numbers (configuration section <c>Community</c>); the defaults are PRODUCT.md §7–§8.</summary>
public sealed class CommunityOptions
{
    public const string SectionName = "Community";

    /// <summary>Accounts younger than this are new: lower quotas, and their reports weigh half.</summary>
    public TimeSpan NewAccountAge { get; set; } = TimeSpan.FromHours(24);

    public int NewAccountPostsPerDay { get; set; } = 3;

    public int NewAccountCommentsPerDay { get; set; } = 10;

    public int ReportsPerDay { get; set; } = 20;

    /// <summary>The weighted report tally that hides a post or comment automatically (3 distinct established members).</summary>
    public double AutoHideThreshold { get; set; } = 3;

    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(15);
}
