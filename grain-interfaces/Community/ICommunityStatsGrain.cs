using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Journal.GrainInterfaces.Community;

/// <summary>
/// Community figures for admins (key = <see cref="CommunityActivity.StreamKey"/>): posts, comments,
/// reports filed and resolved and moderation actions per UTC day, open reports and the median time
/// to resolution, fed by the community grains through the <c>community-stats</c> stream.
/// </summary>
[Alias("journal.ICommunityStatsGrain")]
public interface ICommunityStatsGrain : IGrainWithStringKey
{
    /// <summary>The figures of the <paramref name="days"/> UTC days up to <paramref name="today"/>, newest first.</summary>
    [ReadOnly]
    [Alias("GetStatsAsync")]
    Task<CommunityStats> GetStatsAsync(DateOnly today, int days);
}

/// <param name="OpenReports">Reports filed and not resolved yet (filed − resolved, all time).</param>
/// <param name="MedianTimeToResolutionSeconds">
/// The median, in seconds (three decimals), of the time from filing to resolution of the reports resolved on the 30 UTC days
/// ending <paramref name="Today"/>; the mean of the two middle ones for an even count; null when none was resolved.
/// </param>
/// <param name="ResolvedInMedianWindow">How many resolutions the median is taken over.</param>
[GenerateSerializer, Immutable, Alias("journal.CommunityStats")]
public sealed record CommunityStats(DateOnly Today, long OpenReports, double? MedianTimeToResolutionSeconds, int ResolvedInMedianWindow, ImmutableList<CommunityDay> Days);

[GenerateSerializer, Immutable, Alias("journal.CommunityDay")]
public sealed record CommunityDay(DateOnly Date, int Posts, int Comments, int ReportsFiled, int ReportsResolved, int ModerationActions);
