using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Journal.GrainInterfaces.Reminders;
using Journal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Tests.Api;

/// <summary>Reminders through the REST facade (PRODUCT.md §5): rules, durable firing into the inbox and over SignalR, repeats, completion.</summary>
// Orleans repeats a reminder meant to fire once every Reminders:MinimumPeriod until its grain removes
// it, and a tick missed while no silo ran comes one such period later: 2 s here instead of a minute.
public sealed class ReminderApiTests(PostgresDatabase database) : ApiTest(database, new Dictionary<string, string> { ["Reminders:MinimumPeriod"] = "00:00:02" })
{
    private static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("O");

    private static async Task<JsonArray> RemindersInInbox(JournalClient user) =>
        new([.. (await user.GetJsonAsync("/v1/me/notifications"))["items"]!.AsArray()
            .Where(n => (string)n!["kind"]! == "reminder").Select(n => n!.DeepClone())]);

    [Fact]
    public async Task Reminders_are_created_listed_soonest_first_edited_and_deleted()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var soon = DateTimeOffset.UtcNow.AddHours(2);

        var later = await user.PostJsonAsync("/v1/reminders", new { title = "Call the therapist", description = "Ask about Thursday", remindAt = Iso(soon.AddDays(1)), priority = 4 });
        await user.PostJsonAsync("/v1/reminders", new { title = "Water the plants", remindAt = Iso(soon), repeat = "weekly" });
        var edited = await user.PatchJsonAsync($"/v1/reminders/{later["id"]}", new { title = "Call Dr. Lee", description = "", priority = 5 });
        var list = await user.GetJsonAsync("/v1/reminders");

        Assert.Equal((4, "none", false, "Ask about Thursday"), ((int)later["priority"]!, (string)later["repeat"]!, (bool)later["isCompleted"]!, (string)later["description"]!));
        Assert.Equal(("Call Dr. Lee", null, 5), ((string)edited["title"]!, (string?)edited["description"], (int)edited["priority"]!));
        Assert.Equal(["Water the plants", "Call Dr. Lee"], list["items"]!.AsArray().Select(r => (string)r!["title"]!));
        Assert.Equal(2, (int)list["items"]![0]!["priority"]!);
        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.DeleteAsync($"/v1/reminders/{later["id"]}")).StatusCode);
        await JournalClient.ProblemAsync(await user.Http.DeleteAsync($"/v1/reminders/{later["id"]}"), HttpStatusCode.NotFound);
        Assert.Single((await user.GetJsonAsync("/v1/reminders"))["items"]!.AsArray());
    }

    [Theory]
    [InlineData("title", "{\"remindAt\":\"2999-01-01T00:00:00Z\"}")]
    [InlineData("title", "{\"title\":\" \",\"remindAt\":\"2999-01-01T00:00:00Z\"}")]
    [InlineData("remindAt", "{\"title\":\"Walk\"}")]
    [InlineData("remindAt", "{\"title\":\"Walk\",\"remindAt\":\"2020-01-01T00:00:00Z\"}")]
    [InlineData("remindAt", "{\"title\":\"Walk\",\"remindAt\":\"2999-01-01T00:00:00Z\"}")]
    [InlineData("priority", "{\"title\":\"Walk\",\"remindAt\":\"2030-01-01T00:00:00Z\",\"priority\":6}")]
    [InlineData("priority", "{\"title\":\"Walk\",\"remindAt\":\"2030-01-01T00:00:00Z\",\"priority\":0}")]
    [InlineData("repeat", "{\"title\":\"Walk\",\"remindAt\":\"2030-01-01T00:00:00Z\",\"repeat\":\"yearly\"}")]
    public async Task Invalid_reminders_are_400_naming_the_field_and_nothing_is_written(string field, string json)
    {
        var user = await JournalClient.RegisterAsync(Api);

        var response = await user.Http.PostAsync("/v1/reminders", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await JournalClient.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
        Assert.Empty((await user.GetJsonAsync("/v1/reminders"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Another_users_reminder_is_a_404_and_the_text_is_sealed_at_rest()
    {
        var owner = await JournalClient.RegisterAsync(Api);
        var other = await JournalClient.RegisterAsync(Api);
        var reminder = await owner.PostJsonAsync("/v1/reminders", new { title = "Pick up Zanzibar prescription", description = "Pharmacy Quokka", remindAt = Iso(DateTimeOffset.UtcNow.AddDays(1)) });
        var path = $"/v1/reminders/{reminder["id"]}";

        await JournalClient.ProblemAsync(await other.Http.PatchAsJsonAsync(path, new { title = "mine" }), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await other.Http.PostAsync(path + "/complete", null), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await other.Http.DeleteAsync(path), HttpStatusCode.NotFound);

        Assert.Empty((await other.GetJsonAsync("/v1/reminders"))["items"]!.AsArray());
        await using var connection = Database.DataSource.CreateConnection();
        var stored = await connection.QuerySingleAsync<byte[]>("SELECT sealed_text FROM reminders WHERE user_id = @UserId", new { owner.UserId });
        Assert.DoesNotContain("Zanzibar", Encoding.UTF8.GetString(stored));
        Assert.DoesNotContain("Quokka", Encoding.UTF8.GetString(stored));
    }

    [Fact]
    public async Task A_due_reminder_fires_on_time_into_the_inbox_and_as_reminderDue()
    {
        var user = await JournalClient.RegisterAsync(Api);
        await using var hub = await UpdatesClient.ConnectAsync(Api, user.AccessToken);
        var due = DateTimeOffset.UtcNow.AddSeconds(2);

        var reminder = await user.PostJsonAsync("/v1/reminders", new { title = "Evening walk", description = "Around the park", remindAt = Iso(due), priority = 3 });

        var pushed = await hub.WaitForAsync("reminderDue", TimeSpan.FromSeconds(5));
        var firedAt = DateTimeOffset.UtcNow;
        var payload = pushed;
        Assert.Equal(((string)reminder["id"]!, "Evening walk", 3), ((string)payload["reminderId"]!, (string)payload["title"]!, (int)payload["priority"]!));
        Assert.True(firedAt >= due, $"fired {firedAt:O}, before it was due at {due:O}");
        Assert.True(firedAt - due < TimeSpan.FromSeconds(1.5), $"fired {(firedAt - due).TotalMilliseconds} ms after it was due");
        var inbox = await RemindersInInbox(user);
        Assert.Equal(("Evening walk", "Around the park", (string)payload["notificationId"]!), ((string)inbox[0]!["title"]!, (string)inbox[0]!["body"]!, (string)inbox[0]!["id"]!));
        await Eventually.True(async () => (string?)(await user.GetJsonAsync("/v1/reminders"))["items"]![0]!["lastFiredAt"] is not null, "the firing is recorded");
        var listed = (await user.GetJsonAsync("/v1/reminders"))["items"]![0]!;
        Assert.False((bool)listed["isCompleted"]!);
        Assert.Equal((string)reminder["remindAt"]!, (string)listed["remindAt"]!);

        // A one-off that fired and is then made daily starts again at its time tomorrow.
        var daily = await user.PatchJsonAsync($"/v1/reminders/{reminder["id"]}", new { repeat = "daily" });
        Assert.Equal(DateTimeOffset.Parse((string)reminder["remindAt"]!).AddDays(1), DateTimeOffset.Parse((string)daily["remindAt"]!));
    }

    [Fact]
    public async Task A_reminder_due_while_the_service_was_down_fires_once_after_the_restart()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var due = DateTimeOffset.UtcNow.AddSeconds(2);
        await user.PostJsonAsync("/v1/reminders", new { title = "Take the evening pill", remindAt = Iso(due) });

        await RestartAsync(whileStopped: () =>
        {
            // Stopping can take longer than the 2 s to the due time: then there is nothing left to wait for.
            var untilPastDue = due.AddSeconds(1) - DateTimeOffset.UtcNow;
            return Task.Delay(untilPastDue > TimeSpan.Zero ? untilPastDue : TimeSpan.Zero);
        });
        var again = await JournalClient.LoginAsync(Api, user.Username);

        await Eventually.True(async () => (await RemindersInInbox(again)).Count > 0, "the missed reminder fires after the restart");
        await Task.Delay(1500);
        Assert.Equal("Take the evening pill", (string)(await RemindersInInbox(again)).Single()!["title"]!);
    }

    [Fact]
    public async Task A_repeating_reminder_moves_to_its_next_time_after_firing()
    {
        var user = await JournalClient.RegisterAsync(Api, timeZone: "Asia/Tokyo");
        var due = DateTimeOffset.UtcNow.AddSeconds(2);
        var reminder = await user.PostJsonAsync("/v1/reminders", new { title = "Stretch", remindAt = Iso(due), repeat = "daily" });
        var first = DateTimeOffset.Parse((string)reminder["remindAt"]!);

        await Eventually.True(async () => (await RemindersInInbox(user)).Count == 1, "the daily reminder fires");
        await Eventually.True(async () => (string?)(await user.GetJsonAsync("/v1/reminders"))["items"]![0]!["lastFiredAt"] is not null, "the firing is recorded");

        var next = (await user.GetJsonAsync("/v1/reminders"))["items"]![0]!;
        Assert.Equal(first.AddDays(1), DateTimeOffset.Parse((string)next["remindAt"]!));
        await using var connection = Database.DataSource.CreateConnection();
        var timer = await connection.QuerySingleAsync<DateTime>("SELECT start_at FROM orleans_reminders WHERE grain_id = @id AND reminder_name = @name",
            new { id = $"reminders/{user.UserId:N}", name = $"reminder-{Guid.Parse((string)reminder["id"]!):N}" });
        // The timer is registered as a delay from the grain's clock, so it may differ from remindAt by the milliseconds in between.
        Assert.InRange(timer, first.AddDays(1).UtcDateTime.AddSeconds(-1), first.AddDays(1).UtcDateTime.AddSeconds(1));
    }

    [Fact]
    public async Task Completing_sets_completed_at_once_and_a_completed_reminder_never_fires()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var reminder = await user.PostJsonAsync("/v1/reminders", new { title = "Book the dentist", remindAt = Iso(DateTimeOffset.UtcNow.AddSeconds(2)) });
        var path = $"/v1/reminders/{reminder["id"]}";
        Assert.Null((string?)reminder["completedAt"]);

        var before = DateTimeOffset.UtcNow;
        var completed = await user.PostJsonAsync(path + "/complete", new { }, HttpStatusCode.OK);
        var again = await user.PostJsonAsync(path + "/complete", new { }, HttpStatusCode.OK);
        await JournalClient.ProblemAsync(await user.Http.PatchAsJsonAsync(path, new { title = "Too late" }), HttpStatusCode.Conflict);
        await Task.Delay(3000);

        Assert.True((bool)completed["isCompleted"]!);
        var completedAt = DateTimeOffset.Parse((string)completed["completedAt"]!);
        Assert.InRange(completedAt, before, DateTimeOffset.UtcNow);
        Assert.Equal((string)completed["completedAt"]!, (string)again["completedAt"]!);
        Assert.Empty(await RemindersInInbox(user));
        Assert.Single((await user.GetJsonAsync("/v1/reminders?completed=true"))["items"]!.AsArray());
        Assert.Empty((await user.GetJsonAsync("/v1/reminders?completed=false"))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_tick_delivered_again_notifies_once()
    {
        var user = await JournalClient.RegisterAsync(Api);
        await using var hub = await UpdatesClient.ConnectAsync(Api, user.AccessToken);
        var due = DateTimeOffset.UtcNow.AddSeconds(1);
        var reminder = await user.PostJsonAsync("/v1/reminders", new { title = "Breathe", remindAt = Iso(due) });
        await hub.WaitForAsync("reminderDue", TimeSpan.FromSeconds(5));

        // What the reminder service does when a tick's lease ran out before it was recorded (a crash mid-tick).
        var grain = Api.Services.GetRequiredService<IGrainFactory>().GetGrain<IReminderGrain>(user.UserId);
        var name = $"reminder-{Guid.Parse((string)reminder["id"]!):N}";
        await grain.ReceiveReminder(name, new TickStatus(due.UtcDateTime, TimeSpan.FromMinutes(1), DateTime.UtcNow));

        Assert.Single(await RemindersInInbox(user));
        var pushed = await hub.TryReadAsync(TimeSpan.FromMilliseconds(500));
        Assert.True(pushed is null || pushed.Value.Event != "reminderDue", pushed?.Payload.ToJsonString());
    }

    [Fact]
    public async Task Retried_creates_with_an_Idempotency_Key_make_one_reminder()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var key = Guid.NewGuid().ToString();
        var body = new { title = "Journal tonight", remindAt = Iso(DateTimeOffset.UtcNow.AddHours(3)) };
        async Task<HttpResponseMessage> Post()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/reminders") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await user.Http.SendAsync(request);
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Post()));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Single((await user.GetJsonAsync("/v1/reminders"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Reminders_are_exported_and_erased_with_their_timers()
    {
        var user = await JournalClient.RegisterAsync(Api);
        await user.PostJsonAsync("/v1/reminders", new { title = "Renew the library card", remindAt = Iso(DateTimeOffset.UtcNow.AddDays(3)) });

        var export = await user.GetJsonAsync("/v1/me/export");
        Assert.Equal("Renew the library card", (string)export["reminders"]![0]!["title"]!);

        await using var connection = Database.DataSource.CreateConnection();
        const string timers = "SELECT count(*) FROM orleans_reminders WHERE grain_id = @id AND reminder_name LIKE 'reminder-%'";
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>(timers, new { id = $"reminders/{user.UserId:N}" }));
        await Api.Services.GetRequiredService<IGrainFactory>().GetGrain<IReminderGrain>(user.UserId).EraseAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(timers, new { id = $"reminders/{user.UserId:N}" }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM reminders WHERE user_id = @UserId", new { user.UserId }));
    }
}
