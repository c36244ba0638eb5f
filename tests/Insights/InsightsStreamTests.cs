using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Journal.GrainInterfaces.Insights;
using Journal.GrainInterfaces.Notifications;
using Journal.GrainInterfaces.Progress;
using Journal.Grains.Insights;
using Journal.Persistence.Streams;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Tests.Insights;

/// <summary>
/// Exactly-once analytics over the durable streams: redelivery, replays and restarts change no
/// figure; a rebuild from the rows equals live processing; the platform figures count each user once
/// per window; the weekly run stores and announces a document once.
/// </summary>
public sealed class InsightsStreamTests(PostgresDatabase database)
    // The insights grains write (and publish their platform effects) a moment after taking events, not 5 s.
    : ApiTest(database, new Dictionary<string, string> { ["Bootstrap:AdminUsername"] = AdminName, ["Streams:ConsumerWriteDelay"] = "00:00:00.200" })
{
    private const string AdminName = "insights_admin";

    [Fact]
    public async Task Redelivered_and_replayed_events_change_no_figure()
    {
        var user = await JournalClient.RegisterAsync(Api);
        await WriteMixAsync(user);
        await Database.InsightsWrittenAsync();
        var figures = await Api.Insights(user.UserId).GetFiguresAsync();
        var platform = await PlatformTodayAsync();

        // Replay: every event of the user's stream published again (old sequences).
        var stream = Api.Services.GetRequiredService<IClusterClient>().GetStreamProvider(OutboxStreams.Default).GetStream<ActivityEvent>(StreamId.Create(ActivityEvent.StreamNamespace, user.UserId));
        foreach (var activity in await StoredActivityAsync(user.UserId)) await stream.OnNextAsync(activity);
        await Database.SettledAsync();
        Assert.Equivalent(figures, await Api.Insights(user.UserId).GetFiguresAsync(), strict: true);

        // Redelivery: the agents lose their cursors (as a crash before storing them would) and deliver everything again.
        await RestartAsync(async () =>
        {
            await using var connection = Database.DataSource.CreateConnection();
            await connection.ExecuteAsync("DELETE FROM stream_cursors");
        });
        await Database.InsightsWrittenAsync();
        Assert.Equivalent(figures, await Api.Insights(user.UserId).GetFiguresAsync(), strict: true);
        Assert.Equal(platform, await PlatformTodayAsync());
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_the_stream_leaves_the_figures_exact()
    {
        await Database.InsightsWrittenAsync();
        var before = await PlatformTodayAsync();
        var users = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => JournalClient.RegisterAsync(Api)));
        await Task.WhenAll(users.Select(async user =>
        {
            for (var i = 0; i < 10; i++)
            {
                await user.CreateEntryAsync($"Entry number {i} of eight words plus {i}.", new { mood = i % 2 == 0 ? "happy" : "sad" }); // 8 words
                await user.PostJsonAsync("/v1/checkins", new { anxietyLevel = 1 + i % 10 });
            }
        }));
        // At once, with deliveries still running; the cursors are dropped too, so a part is delivered twice.
        await RestartAsync(async () =>
        {
            await using var connection = Database.DataSource.CreateConnection();
            await connection.ExecuteAsync("DELETE FROM stream_cursors");
        });
        await Database.InsightsWrittenAsync();

        foreach (var user in users)
        {
            var figures = await Api.Insights(user.UserId).GetFiguresAsync();
            Assert.Equal((10, 80L, 10, 55L), (figures.Entries, figures.Words, figures.CheckIns, figures.AnxietySum));
            Assert.Equal((5, 5), (figures.Moods[Journal.GrainInterfaces.MoodLabel.Happy], figures.Moods[Journal.GrainInterfaces.MoodLabel.Sad]));
        }
        var after = await PlatformTodayAsync();
        Assert.Equal((before.ActiveUsers + 4, before.Entries + 40, before.CheckIns + 40), (after.ActiveUsers, after.Entries, after.CheckIns));
    }

    [Fact]
    public async Task A_rebuild_from_the_rows_gives_the_figures_of_live_processing()
    {
        var admin = await AdminAsync();
        var user = await JournalClient.RegisterAsync(Api);
        await WriteMixAsync(user);
        await Database.SettledAsync();
        var live = await Api.Insights(user.UserId).GetFiguresAsync();
        Assert.True(live.Entries > 0 && live.CheckIns > 0 && live.Tags.Count > 0);

        var rebuilt = await admin.PostJsonAsync($"/v1/admin/users/{user.UserId}/insights/rebuild", new { }, HttpStatusCode.OK);

        Assert.Equivalent(live, await Api.Insights(user.UserId).GetFiguresAsync(), strict: true);
        Assert.Equal((live.Entries, live.Words, live.CheckIns, live.SentimentSum), ((int)rebuilt["entries"]!, (long)rebuilt["words"]!, (int)rebuilt["checkIns"]!, (long)rebuilt["sentimentSum"]!));
        // Events after the rebuild apply on top, once.
        await user.CreateEntryAsync("One more after the rebuild.", new { mood = "neutral" });
        await Eventually.True(async () => (await Api.Insights(user.UserId).GetFiguresAsync()).Entries == live.Entries + 1, "the next event applies");
        await Database.SettledAsync();
        Assert.Equal(live.Entries + 1, (await Api.Insights(user.UserId).GetFiguresAsync()).Entries);

        Assert.Equal(HttpStatusCode.Forbidden, (await user.Http.PostAsync($"/v1/admin/users/{user.UserId}/insights/rebuild", null)).StatusCode);
        await JournalClient.ProblemAsync(await admin.Http.PostAsync($"/v1/admin/users/{Guid.NewGuid()}/insights/rebuild", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Admin_stats_count_each_active_user_once_with_entries_and_check_ins_per_UTC_day()
    {
        var admin = await AdminAsync();
        await Database.InsightsWrittenAsync();
        var before = await StatsTodayAsync(admin);

        var writer = await JournalClient.RegisterAsync(Api);
        await writer.CreateEntryAsync("First.");
        await writer.CreateEntryAsync("Second.");
        await writer.PostJsonAsync("/v1/checkins", new { anxietyLevel = 3 });
        var returning = await JournalClient.RegisterAsync(Api);
        await JournalClient.LoginAsync(Api, returning.Username);
        await JournalClient.LoginAsync(Api, returning.Username); // twice the same day: one active user
        await JournalClient.RegisterAsync(Api); // registered only: not active
        await Database.InsightsWrittenAsync();
        var after = await StatsTodayAsync(admin);

        Assert.Equal(
            ((int)before["activeUsers"]! + 2, (int)before["weeklyActiveUsers"]! + 2, (int)before["monthlyActiveUsers"]! + 2, (int)before["entries"]! + 2, (int)before["checkIns"]! + 1),
            ((int)after["activeUsers"]!, (int)after["weeklyActiveUsers"]!, (int)after["monthlyActiveUsers"]!, (int)after["entries"]!, (int)after["checkIns"]!));
        var stats = await admin.GetJsonAsync("/v1/admin/stats?days=7");
        Assert.Equal(7, stats["platform"]!["days"]!.AsArray().Count);
        Assert.Equal((int)after["activeUsers"]!, (int)stats["platform"]!["dailyActiveUsers"]!);
        Assert.Equal(HttpStatusCode.Forbidden, (await writer.Http.GetAsync("/v1/admin/stats")).StatusCode);
        Assert.True((await JournalClient.ProblemAsync(await admin.Http.GetAsync("/v1/admin/stats?days=0"), HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("days"));
    }

    [Fact]
    public async Task The_weekly_run_stores_last_weeks_document_and_notifies_once()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var quiet = await JournalClient.RegisterAsync(Api);
        await quiet.SetSettingsAsync(weeklyInsights: false);
        var lastWeek = InsightPeriod.WeekOf((await user.TodayAsync()).AddDays(-7));
        foreach (var client in new[] { user, quiet }) await client.EntryOnAsync(lastWeek.From.AddDays(3), "Thursday thoughts.", "happy");
        await Eventually.True(async () => (await Api.Insights(user.UserId).GetFiguresAsync()).Entries == 1 && (await Api.Insights(quiet.UserId).GetFiguresAsync()).Entries == 1,
            "collected");
        await Eventually.True(async () =>
        {
            await using var connection = Database.DataSource.CreateConnection();
            return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM orleans_reminders WHERE grain_id = @id AND reminder_name = @name",
                new { id = $"insights/{user.UserId:N}", name = InsightsGrain.WeeklyReminder }) == 1;
        }, "the first event registered the weekly reminder");

        // Fired twice (a retried tick): one document, one notification.
        foreach (var client in new[] { user, user, quiet }) await Api.Insights(client.UserId).ReceiveReminder(InsightsGrain.WeeklyReminder, InsightsTestClient.TickNow());

        await using (var connection = Database.DataSource.CreateConnection())
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM insight_documents WHERE user_id = @UserId AND kind = 'weekly' AND period = @Name",
                new { user.UserId, lastWeek.Name }));
        Assert.Equal(1, await WeeklyNotificationsAsync(user));
        Assert.Equal(0, await WeeklyNotificationsAsync(quiet));
        Assert.Contains((await Api.Insights(quiet.UserId).ExportAsync()).Documents, d => d.Kind == "weekly" && d.Period == lastWeek.Name); // stored, not announced
        var export = await Api.Insights(user.UserId).ExportAsync();
        Assert.Equal((lastWeek.Name, 1), (export.Documents.Single(d => d.Kind == "weekly").Period, export.Documents.Single(d => d.Kind == "weekly").Entries));

        static async Task<int> WeeklyNotificationsAsync(JournalClient client) =>
            (await client.GetJsonAsync("/v1/me/notifications")).AsObject()["items"]!.AsArray()
                .Count(n => (string)n!["kind"]! == NotificationKinds.Insight && (string)n["title"]! == "Your week in review");
    }

    /// <summary>Entries (one private, one edited, one deleted and restored, one deleted) and check-ins.</summary>
    private static async Task WriteMixAsync(JournalClient user)
    {
        var today = await user.TodayAsync();
        var kept = await user.CreateEntryAsync("A good calm day with friends.", new { mood = "happy", tags = new[] { "friends" } });
        await user.EntryOnAsync(today.AddDays(-3), "Tired and sad but hopeful.", "sad", ["work", "sleep"]);
        await user.EntryOnAsync(today.AddDays(-10), "A private page.", "angry", ["secret"], isPrivate: true);
        var deleted = await user.CreateEntryAsync("Deleted soon.", new { mood = "neutral" });
        var restored = await user.CreateEntryAsync("Deleted and back.", new { mood = "anxious", tags = new[] { "exam" } });
        var edit = new HttpRequestMessage(HttpMethod.Put, $"/v1/journal/entries/{kept["id"]}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { content = "A good, very calm day with old friends.", mood = "ecstatic", tags = new[] { "friends", "park" }, entryDate = (string)kept["entryDate"]! }),
        };
        edit.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.OK, (await user.Http.SendAsync(edit)).StatusCode);
        await user.Http.DeleteAsync($"/v1/journal/entries/{deleted["id"]}");
        await user.Http.DeleteAsync($"/v1/journal/entries/{restored["id"]}");
        await user.PostJsonAsync($"/v1/journal/entries/{restored["id"]}/restore", new { }, HttpStatusCode.OK);
        await user.PostJsonAsync("/v1/checkins", new { anxietyLevel = 7, mood = "anxious" });
        await user.PostJsonAsync("/v1/checkins", new { anxietyLevel = 3, mood = "happy", at = DateTimeOffset.UtcNow.AddHours(-30) });
        await user.PostJsonAsync("/v1/ai-usage", new { toolName = "assistant", durationMinutes = 10 });
    }

    private async Task<List<ActivityEvent>> StoredActivityAsync(Guid userId)
    {
        await using var connection = Database.DataSource.CreateConnection();
        var payloads = await connection.QueryAsync<string>(
            "SELECT payload::text FROM stream_events WHERE stream_namespace = 'activity' AND stream_key = @key ORDER BY seq", new { key = userId.ToString("N") });
        return [.. payloads.Select(p => System.Text.Json.JsonSerializer.Deserialize<ActivityEvent>(p, System.Text.Json.JsonSerializerOptions.Web)!)];
    }

    private async Task<PlatformDay> PlatformTodayAsync() => (await Api.Platform().GetStatsAsync(DateOnly.FromDateTime(DateTime.UtcNow), 1)).Days[0];

    private static async Task<JsonObject> StatsTodayAsync(JournalClient admin) =>
        (await admin.GetJsonAsync("/v1/admin/stats?days=1"))["platform"]!["days"]![0]!.AsObject();

    /// <summary>The class's admin (the bootstrap username): registered by the first test that needs it.</summary>
    private async Task<JournalClient> AdminAsync()
    {
        var login = await Api.CreateClient().PostAsJsonAsync("/v1/auth/login", new { login = AdminName, password = JournalClient.Password });
        return login.IsSuccessStatusCode ? await JournalClient.LoginAsync(Api, AdminName) : await JournalClient.RegisterAsync(Api, username: AdminName);
    }
}
