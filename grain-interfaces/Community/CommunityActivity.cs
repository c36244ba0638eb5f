using System.Collections.Immutable;

namespace Journal.GrainInterfaces.Community;

/// <summary>
/// A community write as the admin statistics see it, published by the grain that made the write in
/// the same unit of work (outbox: it exists iff the write committed), on the stream
/// <c>community-stats/all</c> that the community stats grain consumes. Carries a kind, an instant and
/// durations only: never a user id or any text.
/// </summary>
/// <param name="At">When the write happened (its UTC day is the day it counts on).</param>
/// <param name="ResolutionTimes">For <see cref="CommunityActivityKind.ReportsResolved"/>: each resolved report's time from filing to resolution.</param>
[GenerateSerializer, Immutable, Alias("journal.CommunityActivity")]
public sealed record CommunityActivity(CommunityActivityKind Kind, DateTimeOffset At, ImmutableList<TimeSpan> ResolutionTimes)
{
    public const string StreamNamespace = "community-stats";
    public const string StreamKey = "all";

    public static CommunityActivity Of(CommunityActivityKind kind, DateTimeOffset at) => new(kind, at, []);
}

/// <summary>Stored events name kinds by number: new kinds go at the end.</summary>
[GenerateSerializer, Alias("journal.CommunityActivityKind")]
public enum CommunityActivityKind
{
    PostCreated,
    CommentCreated,
    ReportFiled,
    /// <summary>One moderator's decision resolving every open report of one target.</summary>
    ReportsResolved,
    /// <summary>Any mod-log row: a moderator's action, an automatic hide, a dismissal, a reversal after an appeal.</summary>
    ModerationAction,
}
