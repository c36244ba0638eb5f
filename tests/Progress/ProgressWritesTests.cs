using Dapper;
using Journal.GrainInterfaces.Mood;
using Journal.GrainInterfaces.Progress;
using Journal.Grains.Activity;
using Journal.Persistence.Streams;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;
using Journal.Tests.Insights;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Tests.Progress;

/// <summary>
/// How often the progress grain writes its state under a burst of writes: once per
/// <see cref="WriteBehind.MaxEvents"/> / 2 to <see cref="WriteBehind.MaxEvents"/> events it applied,
/// each event counted once, whether the hand-over or the stream brought it first.
/// </summary>
public sealed class ProgressWritesTests(PostgresDatabase database)
    // Only the count of waiting events makes a write here, not the delay.
    : ApiTest(database, new Dictionary<string, string> { ["Streams:ConsumerWriteDelay"] = "01:00:00" })
{
    private const int CheckIns = 300;

    [Fact]
    public async Task An_event_handed_over_and_then_delivered_by_the_stream_counts_once_toward_a_write()
    {
        var user = await JournalClient.RegisterAsync(Api, timeZone: "UTC");
        var grains = Api.Services.GetRequiredService<IGrainFactory>();
        var clock = await grains.RequireClockAsync(user.UserId);
        var mood = grains.GetGrain<IMoodGrain>(user.UserId);
        await Database.SettledAsync();
        var before = await ProgressVersionAsync(user.UserId);

        for (var i = 0; i < CheckIns; i++) await mood.CheckInAsync(new NewCheckIn(3, null, [], null, null), clock, null);
        await Database.SettledAsync();

        var today = clock.DayOf(DateTimeOffset.UtcNow);
        Assert.Equal(CheckIns, (await grains.GetGrain<IProgressGrain>(user.UserId).GetSummaryAsync(today)).Today.CheckIns);
        // Counted twice (at the hand-over and again at the stream's delivery), 300 events made at least 6 writes.
        Assert.InRange(await ProgressVersionAsync(user.UserId) - before, CheckIns / WriteBehind.MaxEvents, CheckIns / (WriteBehind.MaxEvents / 2) - 1);
    }

    private async Task<long> ProgressVersionAsync(Guid userId)
    {
        await using var connection = Database.DataSource.CreateConnection();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT coalesce(max(version), 0) FROM grain_state WHERE grain_type = 'progress' AND state_name = 'progress' AND grain_key = @key",
            new { key = userId.ToString("N") });
    }
}
