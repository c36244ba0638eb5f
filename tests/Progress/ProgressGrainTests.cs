using Dapper;
using Journal.GrainInterfaces.Progress;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Tests.Progress;

/// <summary>
/// The progress grain's two feeds: the writers' direct hand-over and the durable stream. Each event
/// is applied once and in its source's order, whichever path brings it first.
/// </summary>
public sealed class ProgressGrainTests(PostgresDatabase database) : ApiTest(database)
{
    [Fact]
    public async Task A_handed_over_event_applies_only_when_it_is_the_next_of_its_source()
    {
        var user = await JournalClient.RegisterAsync(Api, timeZone: "UTC");
        var progress = Api.Services.GetRequiredService<IGrainFactory>().GetGrain<IProgressGrain>(user.UserId);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        ActivityEvent Event(long sequence) =>
            new("handover-test", sequence, ActivityEventKind.CheckInCreated, Guid.NewGuid(), today, DateTimeOffset.UtcNow, "UTC", 0, 0);

        await progress.ApplyAsync(Event(2)); // its predecessor has not come: it waits for the stream
        Assert.Equal(0, (await progress.GetSummaryAsync(today)).Today.CheckIns);
        await progress.ApplyAsync(Event(1));
        await progress.ApplyAsync(Event(1)); // handed over twice: applied once
        Assert.Equal(1, (await progress.GetSummaryAsync(today)).Today.CheckIns);
        await progress.ApplyAsync(Event(2));
        Assert.Equal(2, (await progress.GetSummaryAsync(today)).Today.CheckIns);
    }

    [Fact]
    public async Task Events_delivered_by_the_stream_after_their_hand_over_are_not_applied_again()
    {
        var user = await JournalClient.RegisterAsync(Api);
        for (var i = 0; i < 3; i++) await user.CreateEntryAsync($"entry {i}");
        await user.PostJsonAsync("/v1/checkins", new { anxietyLevel = 2 });

        // Wait until the stream agents delivered every event of the user's stream to the grain (the
        // partition's stored cursor is past them; it is stored once the partition goes quiet).
        await using var connection = Database.DataSource.CreateConnection();
        await Eventually.True(async () => await connection.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM stream_events WHERE stream_namespace = 'activity' AND stream_key = @key", new { key = user.UserId.ToString("N") }) == 4
            && await StreamDelivered(connection, user.UserId), "the activity stream reached the progress grain");

        var summary = await user.GetJsonAsync("/v1/me/summary");
        Assert.Equal(3, (int)summary["today"]!["entries"]!);
        Assert.Equal(1, (int)summary["today"]!["checkins"]!);
    }

    private static async Task<bool> StreamDelivered(System.Data.Common.DbConnection connection, Guid userId) =>
        await connection.ExecuteScalarAsync<bool>(
            """
            SELECT coalesce(bool_and((e.epoch, e.tx, e.seq) <= (c.epoch, c.tx, c.seq)), false)
            FROM stream_events e JOIN stream_cursors c ON c.provider = e.provider AND c.partition = e.partition
            WHERE e.stream_namespace = 'activity' AND e.stream_key = @key
            """, new { key = userId.ToString("N") });
}
