using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Accounts;

namespace Journal.Grains.Activity;

/// <summary>Reading a user's clock (zone and day start, from the account grain's memory) and dating moments with it.</summary>
public static class UserClocks
{
    /// <summary>The user's clock now; <see cref="AccountNotFoundException"/> when the account is gone.</summary>
    public static async Task<UserClock> RequireClockAsync(this IGrainFactory grains, Guid userId) =>
        await grains.GetGrain<IUserGrain>(userId).GetClockAsync() ?? throw new AccountNotFoundException(userId);

    /// <summary>The activity day of <paramref name="at"/> for this user (<see cref="ActivityDays.DayOf"/>).</summary>
    public static DateOnly DayOf(this UserClock clock, DateTimeOffset at) => ActivityDays.DayOf(at, clock.TimeZone, clock.DayStartHour);
}
