using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Journal.GrainInterfaces.Insights;

/// <summary>
/// Platform figures for admins (key = <see cref="PlatformActivity.StreamKey"/>): daily, weekly and
/// monthly active users and entries and check-ins per UTC day, fed by the users' insights grains
/// through the <c>platform</c> stream. The community figures sit next to these in <c>ICommunityStatsGrain</c>.
/// </summary>
[Alias("journal.IPlatformStatsGrain")]
public interface IPlatformStatsGrain : IGrainWithStringKey
{
    /// <summary>The figures of the <paramref name="days"/> UTC days up to <paramref name="today"/>, newest first.</summary>
    [ReadOnly]
    [Alias("GetStatsAsync")]
    Task<PlatformStats> GetStatsAsync(DateOnly today, int days);
}

/// <summary>DAU, WAU and MAU of <paramref name="Today"/> (WAU: distinct users active in the 7 days ending then; MAU: 30 days).</summary>
[GenerateSerializer, Immutable, Alias("journal.PlatformStats")]
public sealed record PlatformStats(DateOnly Today, int DailyActiveUsers, int WeeklyActiveUsers, int MonthlyActiveUsers, ImmutableList<PlatformDay> Days);

[GenerateSerializer, Immutable, Alias("journal.PlatformDay")]
public sealed record PlatformDay(DateOnly Date, int ActiveUsers, int WeeklyActiveUsers, int MonthlyActiveUsers, int Entries, int CheckIns);
