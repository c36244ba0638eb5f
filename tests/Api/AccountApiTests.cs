using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Journal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Tests.Api;

/// <summary>Profile, settings, consent, export and deletion (PRODUCT.md §1).</summary>
public sealed class AccountApiTests(PostgresDatabase database) : ApiTest(database)
{
    [Fact]
    public async Task Profile_settings_and_consent_update_and_validate()
    {
        var user = await JournalClient.RegisterAsync(Api, dataProcessing: false);

        var profile = await user.Http.PatchAsJsonAsync("/v1/me", new { displayName = "Sam", timeZone = "Asia/Tokyo", theme = "dark" });
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Equal("Asia/Tokyo", (string)(await user.GetJsonAsync("/v1/me"))["timeZone"]!);
        var badProfile = await JournalClient.ProblemAsync(await user.Http.PatchAsJsonAsync("/v1/me", new { timeZone = "Nowhere/City", theme = "neon" }), HttpStatusCode.BadRequest);
        Assert.True(badProfile["errors"]!.AsObject().ContainsKey("timeZone") && badProfile["errors"]!.AsObject().ContainsKey("theme"));

        var settings = new
        {
            dayStartHour = 4, privateMode = true, discoverable = true,
            notifications = new { dailyTip = false, communityActivity = true, weeklyInsights = true, monthlyInsights = false, reminderToWrite = true },
        };
        Assert.Equal(HttpStatusCode.OK, (await user.Http.PutAsJsonAsync("/v1/me/settings", settings)).StatusCode);
        var stored = await user.GetJsonAsync("/v1/me/settings");
        Assert.Equal(4, (int)stored["dayStartHour"]!);
        Assert.False((bool)stored["notifications"]!["dailyTip"]!);
        var badSettings = await JournalClient.ProblemAsync(await user.Http.PutAsJsonAsync("/v1/me/settings", new { dayStartHour = 7 }), HttpStatusCode.BadRequest);
        Assert.True(badSettings["errors"]!.AsObject().ContainsKey("dayStartHour"));

        Assert.False((bool)(await user.GetJsonAsync("/v1/me/consent"))["dataProcessing"]!);
        var consent = await user.Http.PutAsJsonAsync("/v1/me/consent", new { termsVersion = "v2", privacyVersion = "v1", dataProcessing = true, marketing = false });
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        Assert.True((bool)(await user.GetJsonAsync("/v1/me/consent"))["dataProcessing"]!);
        Assert.Equal("v2", (string)(await user.GetJsonAsync("/v1/me/consent"))["termsVersion"]!);
    }

    [Fact]
    public async Task The_export_holds_the_users_data_decrypted()
    {
        var user = await JournalClient.RegisterAsync(Api);
        await user.CreateEntryAsync("exported words", new { title = "Export me" });
        await user.PostJsonAsync("/v1/checkins", new { anxietyLevel = 6, notes = "exported note" });
        await user.PostJsonAsync("/v1/ai-usage", new { toolName = "chat assistant", durationMinutes = 15 });

        var export = await user.GetJsonAsync("/v1/me/export");

        Assert.Equal(user.Username, (string)export["account"]!["profile"]!["username"]!);
        Assert.Equal("Export me", (string)export["journalEntries"]![0]!["title"]!);
        Assert.Equal("exported note", (string)export["checkins"]![0]!["notes"]!);
        Assert.Equal("chat assistant", (string)export["aiUsage"]![0]!["toolName"]!);
        Assert.Equal(1, (int)export["streak"]!["current"]!);
    }

    [Fact]
    public async Task Deletion_needs_the_password_then_ends_everything_and_shreds_the_key()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var other = await JournalClient.RegisterAsync(Api);
        await user.CreateEntryAsync("words that must vanish");
        await user.PostJsonAsync("/v1/checkins", new { anxietyLevel = 2, notes = "vanishing note" });
        await other.CreateEntryAsync("the neighbour keeps this");
        await using var connection = Database.DataSource.CreateConnection();

        var wrong = new HttpRequestMessage(HttpMethod.Delete, "/v1/me") { Content = JsonContent.Create(new { password = "not my password" }) };
        await JournalClient.ProblemAsync(await user.Http.SendAsync(wrong), HttpStatusCode.Forbidden);
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM user_keys WHERE user_id = @UserId", new { user.UserId }));

        var delete = new HttpRequestMessage(HttpMethod.Delete, "/v1/me") { Content = JsonContent.Create(new { password = JournalClient.Password }) };
        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.SendAsync(delete)).StatusCode);

        await JournalClient.ProblemAsync(await user.Http.GetAsync("/v1/me"), HttpStatusCode.Unauthorized);
        await JournalClient.ProblemAsync(await user.Http.GetAsync("/v1/me/export"), HttpStatusCode.Unauthorized);
        var login = await Api.CreateClient().PostAsJsonAsync("/v1/auth/login", new { login = user.Username, password = JournalClient.Password });
        await JournalClient.ProblemAsync(login, HttpStatusCode.Unauthorized);
        await JournalClient.ProblemAsync(await Api.CreateClient().PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = user.RefreshToken }), HttpStatusCode.Unauthorized);

        // The key is gone, so no ciphertext of the user anywhere can be opened; the private rows are gone too.
        foreach (var table in new[] { "user_keys", "journal_entries", "checkins", "ai_usage_logs", "user_sessions" })
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>($"SELECT count(*) FROM {table} WHERE user_id = @UserId", new { user.UserId }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM users WHERE id = @UserId", new { user.UserId }));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM journal_entries WHERE user_id = @UserId", new { other.UserId }));
        var userHash = Api.Services.GetRequiredService<Journal.Api.Audit.AuditLog>().Hash(user.UserId.ToString("N"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM audit_log WHERE event = 'deletion' AND user_hash = @userHash", new { userHash }));
        // The username is free again.
        Assert.Equal(HttpStatusCode.Created, (await Api.CreateClient().PostAsJsonAsync("/v1/auth/register", new
        {
            username = user.Username, password = JournalClient.Password, timeZone = "UTC", acceptTerms = true, termsVersion = "v1", privacyVersion = "v1",
        })).StatusCode);
    }

    [Fact]
    public async Task Deletion_while_the_user_writes_from_other_devices_finishes_promptly_and_leaves_no_rows()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var writes = Enumerable.Range(0, 30).Select(i => i % 2 == 0
            ? user.Http.PostAsJsonAsync("/v1/journal/entries", new { content = $"racing entry {i}" })
            : user.Http.PostAsJsonAsync("/v1/checkins", new { anxietyLevel = 3 })).ToList();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var delete = new HttpRequestMessage(HttpMethod.Delete, "/v1/me") { Content = JsonContent.Create(new { password = JournalClient.Password }) };

        var deleted = await user.Http.SendAsync(delete);
        var statuses = (await Task.WhenAll(writes)).Select(r => r.StatusCode).ToList();

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"The deletion took {started.Elapsed}: the grains waited on each other");
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.Created, HttpStatusCode.Unauthorized, HttpStatusCode.NotFound }));
        await using var connection = Database.DataSource.CreateConnection();
        foreach (var table in new[] { "journal_entries", "checkins", "user_keys", "users" })
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
                $"SELECT count(*) FROM {table} WHERE {(table == "users" ? "id" : "user_id")} = @UserId", new { user.UserId }));
    }

    [Fact]
    public async Task Wrong_deletion_passwords_are_throttled_and_audited()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            var delete = new HttpRequestMessage(HttpMethod.Delete, "/v1/me") { Content = JsonContent.Create(new { password = $"guess number {i}" }) };
            statuses.Add((await user.Http.SendAsync(delete)).StatusCode);
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Forbidden));
        Assert.Equal((HttpStatusCode)429, statuses[^1]);
        await using var connection = Database.DataSource.CreateConnection();
        var audit = Api.Services.GetRequiredService<Journal.Api.Audit.AuditLog>();
        Assert.Equal(5, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM audit_log WHERE event = 'deletion_refused' AND user_hash = @hash", new { hash = audit.Hash(user.UserId.ToString("N")) }));
    }

    [Fact]
    public async Task The_audit_log_links_a_users_events_without_holding_their_id()
    {
        var user = await JournalClient.RegisterAsync(Api);
        await Api.CreateClient().PostAsJsonAsync("/v1/auth/login", new { login = user.Username, password = "wrong password here" });
        await JournalClient.LoginAsync(Api, user.Username);
        await user.GetJsonAsync("/v1/me/export");

        await using var connection = Database.DataSource.CreateConnection();
        var hash = Api.Services.GetRequiredService<Journal.Api.Audit.AuditLog>().Hash(user.UserId.ToString("N"));
        var events = (await connection.QueryAsync<string>("SELECT event FROM audit_log WHERE user_hash = @hash ORDER BY id", new { hash })).ToList();
        var everything = string.Join('\n', await connection.QueryAsync<string>("SELECT row_to_json(a)::text FROM audit_log a"));

        Assert.Equal(["register", "login_failed", "login", "export"], events);
        Assert.DoesNotContain(user.UserId.ToString("N"), everything);
        Assert.DoesNotContain(user.UserId.ToString(), everything);
        Assert.DoesNotContain(user.Username, everything);
    }

    [Fact]
    public async Task A_deletion_interrupted_after_the_key_was_destroyed_is_finished_by_its_reminder()
    {
        var user = await JournalClient.RegisterAsync(Api);
        await user.CreateEntryAsync("left behind by a crash");
        await user.PostJsonAsync("/v1/checkins", new { anxietyLevel = 5 });
        // What a crash right after the deletion's first transaction leaves: no key, no sessions, a
        // scrubbed account, the reminder, and every other row still there. (Its period is 2 s, not a
        // minute: a tick due while no silo ran fires one period after the restart.)
        var grain = GrainId.Create("user", user.UserId.ToString("N"));
        await RestartAsync(async () =>
        {
            await using var connection = Database.DataSource.CreateConnection();
            await connection.ExecuteAsync(
                """
                DELETE FROM user_sessions WHERE user_id = @UserId;
                DELETE FROM user_keys WHERE user_id = @UserId;
                UPDATE users SET username = NULL, email = NULL, password_hash = NULL, deleted_at = now() WHERE id = @UserId;
                INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, start_at, period_ms, grain_hash)
                VALUES ('journal', @GrainId, 'complete-deletion', now(), 2000, @GrainHash);
                """, new { user.UserId, GrainId = grain.ToString(), GrainHash = unchecked((int)grain.GetUniformHashCode()) });
        });

        await using var check = Database.DataSource.CreateConnection();
        await Eventually.True(async () => await check.ExecuteScalarAsync<int>("SELECT count(*) FROM users WHERE id = @UserId", new { user.UserId }) == 0,
            "the reminder finished the deletion", timeoutMs: 20_000);
        foreach (var table in new[] { "journal_entries", "checkins" })
            Assert.Equal(0, await check.ExecuteScalarAsync<int>($"SELECT count(*) FROM {table} WHERE user_id = @UserId", new { user.UserId }));
        await Eventually.True(async () => await check.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM orleans_reminders WHERE grain_id = @id", new { id = grain.ToString() }) == 0, "the reminder unregistered itself");
    }

    [Fact]
    public async Task A_completed_deletion_leaves_no_reminder()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var delete = new HttpRequestMessage(HttpMethod.Delete, "/v1/me") { Content = JsonContent.Create(new { password = JournalClient.Password }) };
        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.SendAsync(delete)).StatusCode);

        await using var connection = Database.DataSource.CreateConnection();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM orleans_reminders WHERE grain_id = @id", new { id = $"user/{user.UserId:N}" }));
    }
}
