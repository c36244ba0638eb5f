using Journal.Grains.Activity;
namespace Journal.Grains.Progress;

/// <summary>
/// One user activity as the writing grain recorded it. <paramref name="Day"/> is the activity day
/// computed at write time (<see cref="ActivityDays.DayOf"/>) and never recomputed, so a later change
/// of time zone cannot move it. <paramref name="At"/> is the instant, <paramref name="TimeZone"/> the
/// IANA zone and <paramref name="DayStartHour"/> (0..6) the settings in force then;
/// <paramref name="Words"/> is the entry's word count (0 for check-ins).
/// </summary>
public sealed record Activity(ActivityKind Kind, DateOnly Day, DateTimeOffset At, string TimeZone, int DayStartHour, int Words);
