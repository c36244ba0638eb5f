using System.Collections.Immutable;

namespace Journal.GrainInterfaces.Insights;

/// <summary>
/// What one delivery of a user's activity changed in the platform figures, published by the user's
/// insights grain in the transaction that records the delivery (outbox), on the stream
/// <c>platform/all</c> that the platform stats grain consumes. Carries no user id: only counts.
/// </summary>
[GenerateSerializer, Immutable, Alias("journal.PlatformActivity")]
public sealed record PlatformActivity(ImmutableList<PlatformDayChange> Days)
{
    public const string StreamNamespace = "platform";
    public const string StreamKey = "all";
}

/// <summary>
/// Increments for one UTC day: users active that day; users newly counted in the 7-day and 30-day
/// windows that end on that day; entries and check-ins written that day.
/// </summary>
[GenerateSerializer, Immutable, Alias("journal.PlatformDayChange")]
public sealed record PlatformDayChange(DateOnly Day, int ActiveUsers, int WeeklyActiveUsers, int MonthlyActiveUsers, int Entries, int CheckIns);
