using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Journal.GrainInterfaces.Insights;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Journal.Tests.Insights;

/// <summary>What the insights tests do through the API and the silo it hosts.</summary>
internal static class InsightsTestClient
{
    public static IInsightsGrain Insights(this ApiFactory api, Guid userId) => api.Services.GetRequiredService<IGrainFactory>().GetGrain<IInsightsGrain>(userId);

    public static IPlatformStatsGrain Platform(this ApiFactory api) =>
        api.Services.GetRequiredService<IGrainFactory>().GetGrain<IPlatformStatsGrain>(PlatformActivity.StreamKey);

    /// <summary>The user's local today, as the server computes it.</summary>
    public static async Task<DateOnly> TodayAsync(this JournalClient user) =>
        DateOnly.Parse((string)(await user.GetJsonAsync("/v1/me/summary"))["today"]!["date"]!);

    public static Task<JsonObject> EntryOnAsync(this JournalClient user, DateOnly day, string content, string? mood = null, string[]? tags = null, bool isPrivate = false) =>
        user.CreateEntryAsync(content, new { entryDate = day.ToString("yyyy-MM-dd"), mood, tags = tags ?? [], isPrivate });

    public static async Task SetConsentAsync(this JournalClient user, bool dataProcessing)
    {
        var response = await user.Http.PutAsJsonAsync("/v1/me/consent", new { termsVersion = "v1", privacyVersion = "v1", dataProcessing, marketing = false });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static async Task SetSettingsAsync(this JournalClient user, bool privateMode = false, bool weeklyInsights = true)
    {
        var response = await user.Http.PutAsJsonAsync("/v1/me/settings", new
        {
            dayStartHour = 0, privateMode, discoverable = false,
            notifications = new { dailyTip = true, communityActivity = true, weeklyInsights, monthlyInsights = true, reminderToWrite = false },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// Waits until every event of every stream was delivered (each partition's stored cursor is past
    /// it; it is stored once the partition goes quiet), so the figures are final.
    /// </summary>
    public static Task SettledAsync(this PostgresDatabase database) => database.DataSource.SettledAsync();

    /// <inheritdoc cref="SettledAsync(PostgresDatabase)"/>
    public static Task SettledAsync(this NpgsqlDataSource dataSource) => Eventually.True(async () =>
    {
        await using var connection = dataSource.CreateConnection();
        return await connection.ExecuteScalarAsync<bool>(
            """
            SELECT NOT EXISTS (
                SELECT 1 FROM stream_events e LEFT JOIN stream_cursors c ON c.provider = e.provider AND c.partition = e.partition
                WHERE c.partition IS NULL OR (e.epoch, e.tx, e.seq) > (c.epoch, c.tx, c.seq))
            """);
    }, "every stream event was delivered", 20_000);

    /// <summary>
    /// Waits until every insights grain has written its state past each activity event of its user (it
    /// writes seconds after taking them, <c>Streams:ConsumerWriteDelay</c>), then until the platform
    /// events those writes published were delivered, so the platform statistics are final.
    /// </summary>
    public static async Task InsightsWrittenAsync(this PostgresDatabase database)
    {
        await database.SettledAsync();
        await Eventually.True(async () =>
        {
            await using var connection = database.DataSource.CreateConnection();
            return await connection.ExecuteScalarAsync<bool>(
                """
                SELECT NOT EXISTS (
                    SELECT 1 FROM stream_events e
                    WHERE e.stream_namespace = 'activity' AND NOT EXISTS (
                        SELECT 1 FROM grain_state g
                        CROSS JOIN LATERAL (SELECT g.payload -> 'delivered' -> 'applied' -> ('activity/' || e.stream_key) AS p) d
                        WHERE g.grain_type = 'insights' AND replace(g.grain_key, '-', '') LIKE '%' || replace(e.stream_key, '-', '') || '%'
                          AND ((g.payload ->> 'erased')::boolean
                               OR ((d.p ->> 'epoch')::int, (d.p ->> 'transaction')::bigint, (d.p ->> 'sequence')::bigint) >= (e.epoch, e.tx::text::bigint, e.seq))))
                """);
        }, "every insights grain wrote past its user's events", 20_000);
        await database.SettledAsync();
    }

    /// <summary>A tick of a reminder as the reminder service delivers it, for firing one by hand.</summary>
    public static TickStatus TickNow() => new(DateTime.UtcNow, TimeSpan.FromMinutes(1), DateTime.UtcNow);

    public static async Task<int> DocumentCountAsync(this PostgresDatabase database, Guid userId)
    {
        await using var connection = database.DataSource.CreateConnection();
        return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM insight_documents WHERE user_id = @userId", new { userId });
    }
}
