using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Journal.GrainInterfaces.Insights;
using Journal.Grains.Insights;
using Journal.Tests.Api;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Insights;

/// <summary>Mood trends and insight documents through the REST facade (PRODUCT.md §3), on seeded data.</summary>
public sealed class InsightsApiTests(PostgresDatabase database) : ApiTest(database)
{
    [Fact]
    public async Task A_weekly_insight_on_seeded_entries_equals_the_hand_computed_figures()
    {
        var user = await JournalClient.RegisterAsync(Api, timeZone: "Asia/Tokyo");
        var week = InsightPeriod.WeekOf((await user.TodayAsync()).AddDays(-21));
        var monday = week.From;
        await user.EntryOnAsync(monday.AddDays(-1), "The Sunday before the week.", "angry", ["work"]); // not in the week
        var first = await user.EntryOnAsync(monday, "A calm river walk with my dog.", "happy", ["walk", "dog"]); // 7 words
        await user.EntryOnAsync(monday, "Work was long and the river was grey.", "sad", ["work"]); // 8 words
        await user.EntryOnAsync(monday.AddDays(2), "Another calm walk along the river.", "happy", ["walk"]); // 6 words
        await user.EntryOnAsync(week.To, "A private page about an awful river.", "angry", ["walk"], isPrivate: true); // never counted
        await user.EntryOnAsync(week.To.AddDays(1), "The Monday after.", "sad"); // the next week
        await Eventually.True(async () => (await Api.Insights(user.UserId).GetFiguresAsync()).Entries == 5, "the stream brought the five counted entries");

        var insight = await user.GetJsonAsync($"/v1/insights/weekly?week={week.Name}");

        Assert.True((double)first["sentiment"]! > 0, "a calm walk scores positive");
        Assert.Equal(("weekly", week.Name, monday.ToString("yyyy-MM-dd")), ((string)insight["kind"]!, (string)insight["period"]!, (string)insight["from"]!));
        Assert.Equal((3, 21, 7), ((int)insight["entries"]!, (int)insight["totalWords"]!, (int)insight["averageWords"]!));
        Assert.Equal("monday", (string)insight["mostProductiveWeekday"]!);
        Assert.Equal(1, (int)insight["longestStreak"]!); // Monday and Wednesday
        Assert.Equal((66.7, 0.0, 33.3), ((double)insight["moodPositivePct"]!, (double)insight["moodNeutralPct"]!, (double)insight["moodNegativePct"]!));
        Assert.Equal("happy", (string)insight["dominantMood"]!);
        // Tags (walk 2, dog 1, work 1), then keywords of the non-private texts that are not tags (river 3, calm 2, then alphabetically).
        Assert.Equal(["tag:walk:2", "tag:dog:1", "tag:work:1", "keyword:river:3", "keyword:calm:2", "keyword:along:1", "keyword:another:1", "keyword:grey:1"],
            insight["themes"]!.AsArray().Select(t => $"{t!["source"]}:{t["name"]}:{t["entries"]}"));
        Assert.Empty(insight["milestones"]!.AsArray());
        Assert.Equal(["You noticed many good moments. Writing down what went well helps you come back to them.",
                "Short entries count. When you have time, a few more lines about how you felt can show you more.",
                "You write most on Mondays: that seems a good moment for you."],
            insight["suggestions"]!.AsArray().Select(s => (string)s!));
        // The week after holds only the Monday entry.
        var next = await user.GetJsonAsync($"/v1/insights/weekly?week={InsightPeriod.WeekOf(week.To.AddDays(1)).Name}");
        Assert.Equal((1, "sad"), ((int)next["entries"]!, (string)next["dominantMood"]!));
    }

    [Fact]
    public async Task A_monthly_insight_counts_the_first_and_last_day_of_the_month_and_nothing_around_it()
    {
        var user = await JournalClient.RegisterAsync(Api, timeZone: "America/New_York");
        var month = InsightPeriod.MonthOf((await user.TodayAsync()).AddMonths(-2));
        await user.EntryOnAsync(month.From.AddDays(-1), "One two three four five six seven eight nine ten.", "sad");
        await user.EntryOnAsync(month.From, "Fresh start of the month.", "happy", ["start"]);
        await user.EntryOnAsync(month.To, "Last day of the month with a few more words than the first.", "neutral");
        await user.EntryOnAsync(month.To.AddDays(1), "Next month.", "sad");
        await Eventually.True(async () => (await Api.Insights(user.UserId).GetFiguresAsync()).Entries == 4, "the stream brought the entries");

        var insight = await user.GetJsonAsync($"/v1/insights/monthly?month={month.Name}");

        Assert.Equal(("monthly", month.Name, 2, 5 + 13), ((string)insight["kind"]!, (string)insight["period"]!, (int)insight["entries"]!, (int)insight["totalWords"]!));
        // Equal entries: the weekday with more words wins.
        Assert.Equal(month.To.DayOfWeek.ToString().ToLowerInvariant(), (string)insight["mostProductiveWeekday"]!);
        Assert.Equal((50.0, 50.0, 0.0), ((double)insight["moodPositivePct"]!, (double)insight["moodNeutralPct"]!, (double)insight["moodNegativePct"]!));
    }

    [Fact]
    public async Task Mood_trends_date_check_ins_by_the_users_zone_not_by_UTC()
    {
        var user = await JournalClient.RegisterAsync(Api, timeZone: "Asia/Tokyo");
        // Tokyo's last midnight is 15:00 UTC: ten minutes either side are one UTC day but two Tokyo days.
        var now = DateTimeOffset.UtcNow;
        var tokyo = TimeSpan.FromHours(9);
        var midnight = new DateTimeOffset(now.ToOffset(tokyo).Date, tokyo);
        if (midnight.AddMinutes(20) > now) midnight = midnight.AddDays(-1); // every check-in below is in the past
        await user.PostJsonAsync("/v1/checkins", new { anxietyLevel = 2, mood = "happy", at = midnight.AddMinutes(-10) });
        await user.PostJsonAsync("/v1/checkins", new { anxietyLevel = 8, mood = "anxious", at = midnight.AddMinutes(10) });
        await user.PostJsonAsync("/v1/checkins", new { anxietyLevel = 4, at = midnight.AddMinutes(20) });
        await Eventually.True(async () => (await Api.Insights(user.UserId).GetFiguresAsync()).CheckIns == 3, "the stream brought the check-ins");

        var trends = await user.GetJsonAsync("/v1/insights/moods?period=week");

        var buckets = trends["buckets"]!.AsArray();
        var after = buckets.Single(b => (string)b!["from"]! == DateOnly.FromDateTime(midnight.DateTime).ToString("yyyy-MM-dd"))!;
        var before = buckets.Single(b => (string)b!["from"]! == DateOnly.FromDateTime(midnight.DateTime).AddDays(-1).ToString("yyyy-MM-dd"))!;
        Assert.Equal((1, 2.0, 0.0, 1), ((int)before["checkIns"]!, (double)before["averageAnxiety"]!, (double)before["anxietyStdDev"]!, (int)before["moodDistribution"]!["happy"]!));
        Assert.Equal((2, 6.0, 2.0, 1), ((int)after["checkIns"]!, (double)after["averageAnxiety"]!, (double)after["anxietyStdDev"]!, (int)after["moodDistribution"]!["anxious"]!));
        Assert.Equal(7, buckets.Count);
        Assert.Equal(26, (await user.GetJsonAsync("/v1/insights/moods?period=6months"))["buckets"]!.AsArray().Count);
        Assert.Equal(30, (await user.GetJsonAsync("/v1/insights/moods?period=month"))["buckets"]!.AsArray().Count);
    }

    [Fact]
    public async Task Edits_deletions_restores_and_privacy_move_the_figures()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var figures = Api.Insights(user.UserId);
        var entry = await user.CreateEntryAsync("Happy happy day.", new { mood = "happy", tags = new[] { "joy" } });
        var id = (string)entry["id"]!;
        await Eventually.True(async () => (await figures.GetFiguresAsync()).Words == 3, "created");

        await Put(id, 1, new { content = "A much longer and sadder text now.", mood = "sad", tags = new[] { "grief" }, entryDate = (string)entry["entryDate"]! });
        await Eventually.True(async () => await figures.GetFiguresAsync() is { Entries: 1, Words: 7 } f && f.Tags.ContainsKey("grief") && !f.Tags.ContainsKey("joy"), "updated");
        await Put(id, 2, new { content = "Now private.", isPrivate = true, entryDate = (string)entry["entryDate"]! });
        await Eventually.True(async () => (await figures.GetFiguresAsync()).Entries == 0, "made private");
        await Put(id, 3, new { content = "Shared again.", entryDate = (string)entry["entryDate"]! });
        await Eventually.True(async () => (await figures.GetFiguresAsync()).Entries == 1, "made shared again");
        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.DeleteAsync($"/v1/journal/entries/{id}")).StatusCode);
        await Eventually.True(async () => (await figures.GetFiguresAsync()) is { Entries: 0, Days: 0 }, "deleted");
        await user.PostJsonAsync($"/v1/journal/entries/{id}/restore", new { }, HttpStatusCode.OK);
        await Eventually.True(async () => (await figures.GetFiguresAsync()) is { Entries: 1, Words: 2 }, "restored");

        async Task Put(string entryId, int version, object body)
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/journal/entries/{entryId}") { Content = System.Net.Http.Json.JsonContent.Create(body) };
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
            var response = await user.Http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Without_consent_no_insight_is_computed_and_withdrawing_it_deletes_every_document()
    {
        var refusing = await JournalClient.RegisterAsync(Api, dataProcessing: false);
        await refusing.CreateEntryAsync("Something I wrote.", new { mood = "happy" });
        foreach (var path in new[] { "/v1/insights/weekly", "/v1/insights/monthly?month=2026-01", "/v1/insights/moods?period=week" })
        {
            var problem = await JournalClient.ProblemAsync(await refusing.Http.GetAsync(path), HttpStatusCode.Forbidden);
            Assert.Equal("consent-required", (string)problem["type"]!);
        }
        await Eventually.True(async () => (await Api.Insights(refusing.UserId).GetFiguresAsync()) is { Collecting: false, Entries: 0 }, "nothing is collected");

        // A consenting user gets last week's document from the weekly run, then withdraws consent.
        var user = await JournalClient.RegisterAsync(Api);
        var lastWeek = InsightPeriod.WeekOf((await user.TodayAsync()).AddDays(-7));
        await user.EntryOnAsync(lastWeek.From, "Last week's entry.", "happy");
        var insights = Api.Insights(user.UserId);
        await Eventually.True(async () => (await insights.GetFiguresAsync()).Entries == 1, "collected");
        await insights.ReceiveReminder(InsightsGrain.WeeklyReminder, InsightsTestClient.TickNow());
        Assert.True(await Database.DocumentCountAsync(user.UserId) >= 1);

        await user.SetConsentAsync(false);
        await Eventually.True(async () => await Database.DocumentCountAsync(user.UserId) == 0 && (await insights.GetFiguresAsync()) is { Collecting: false, Entries: 0, Days: 0 },
            "the withdrawal reached the insights: no document and no figure is left");
        Assert.Equal("consent-required", (string)(await JournalClient.ProblemAsync(await user.Http.GetAsync("/v1/insights/weekly"), HttpStatusCode.Forbidden))["type"]!);
        await insights.ReceiveReminder(InsightsGrain.WeeklyReminder, InsightsTestClient.TickNow());
        Assert.Equal(0, await Database.DocumentCountAsync(user.UserId));

        // Consent again: the figures come back from the rows.
        await user.SetConsentAsync(true);
        await Eventually.True(async () => (await insights.GetFiguresAsync()) is { Collecting: true, Entries: 1 }, "rebuilt on consent");
    }

    [Fact]
    public async Task Private_mode_pauses_insights()
    {
        var user = await JournalClient.RegisterAsync(Api);
        await user.SetSettingsAsync(privateMode: true);
        var problem = await JournalClient.ProblemAsync(await user.Http.GetAsync("/v1/insights/moods"), HttpStatusCode.Forbidden);
        Assert.Equal("private-mode", (string)problem["type"]!);
        await user.SetSettingsAsync(privateMode: false);
        Assert.Equal(7, (await user.GetJsonAsync("/v1/insights/moods"))["buckets"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("/v1/insights/moods?period=year", "period")]
    [InlineData("/v1/insights/weekly?week=2026-W60", "week")]
    [InlineData("/v1/insights/weekly?week=2026-11-01", "week")]
    [InlineData("/v1/insights/monthly?month=2026-13", "month")]
    public async Task Bad_periods_are_400s_naming_the_parameter(string path, string field)
    {
        var user = await JournalClient.RegisterAsync(Api);
        var problem = await JournalClient.ProblemAsync(await user.Http.GetAsync(path), HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Fact]
    public async Task Insights_are_in_the_export_and_gone_after_the_account_is_deleted()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var lastWeek = InsightPeriod.WeekOf((await user.TodayAsync()).AddDays(-7));
        await user.EntryOnAsync(lastWeek.From, "An entry with a secret word: Zanzibar.", "happy", ["travel"]);
        var insights = Api.Insights(user.UserId);
        await Eventually.True(async () => (await insights.GetFiguresAsync()).Entries == 1, "collected");
        await insights.ReceiveReminder(InsightsGrain.WeeklyReminder, InsightsTestClient.TickNow());

        var export = await user.GetJsonAsync("/v1/me/export");
        Assert.Equal(lastWeek.From.ToString("yyyy-MM-dd"), (string)export["insights"]!["days"]![0]!["date"]!);
        var document = export["insights"]!["documents"]!.AsArray().Single(d => (string)d!["kind"]! == "weekly")!;
        Assert.Contains(document["themes"]!.AsArray(), t => (string)t!["name"]! == "zanzibar");
        await using (var connection = Database.DataSource.CreateConnection())
        {
            var sealedDocument = await connection.QuerySingleAsync<byte[]>("SELECT sealed_document FROM insight_documents WHERE user_id = @UserId AND kind = 'weekly'", new { user.UserId });
            Assert.DoesNotContain("zanzibar", System.Text.Encoding.UTF8.GetString(sealedDocument), StringComparison.OrdinalIgnoreCase);
        }

        var delete = new HttpRequestMessage(HttpMethod.Delete, "/v1/me") { Content = System.Net.Http.Json.JsonContent.Create(new { password = JournalClient.Password }) };
        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.SendAsync(delete)).StatusCode);

        Assert.Equal(0, await Database.DocumentCountAsync(user.UserId));
        await using var db = Database.DataSource.CreateConnection();
        var state = await db.QuerySingleAsync<string>("SELECT payload::text FROM grain_state WHERE grain_type = 'insights' AND grain_key = @key", new { key = user.UserId.ToString("N") });
        Assert.Contains("\"erased\": true", state);
        Assert.DoesNotContain("travel", state);
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM orleans_reminders WHERE grain_id = @id", new { id = $"insights/{user.UserId:N}" }));
    }
}
