using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Journal.GrainInterfaces.Habits;
using Microsoft.Extensions.DependencyInjection;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Api;

/// <summary>Habits, completions and their streaks through the REST facade (PRODUCT.md §5).</summary>
public sealed class HabitApiTests(PostgresDatabase database) : ApiTest(database)
{
    [Fact]
    public async Task Habits_are_created_listed_renamed_and_deleted()
    {
        var user = await JournalClient.RegisterAsync(Api);

        var created = await user.PostJsonAsync("/v1/habits", new { name = "Meditate", frequency = "weekly", targetPerPeriod = 3, meta = new { minutes = 10 } });
        await user.PostJsonAsync("/v1/habits", new { name = "Read", frequency = "custom", meta = new { everyDays = 2 } });
        var id = (string)created["id"]!;
        var renamed = await user.PatchJsonAsync($"/v1/habits/{id}", new { name = "Meditate at dawn", targetPerPeriod = 4 });
        var list = await user.GetJsonAsync("/v1/habits");

        Assert.Equal(("weekly", 3, 10), ((string)created["frequency"]!, (int)created["targetPerPeriod"]!, (int)created["meta"]!["minutes"]!));
        Assert.Equal(new JsonObject { ["current"] = 0, ["longest"] = 0, ["unit"] = "week", ["completedThisPeriod"] = 0, ["lastCompletedOn"] = null }.ToJsonString(),
            created["streak"]!.ToJsonString());
        Assert.Equal(("Meditate at dawn", 4, 10), ((string)renamed["name"]!, (int)renamed["targetPerPeriod"]!, (int)renamed["meta"]!["minutes"]!));
        Assert.Equal(["Meditate at dawn", "Read"], list["items"]!.AsArray().Select(h => (string)h!["name"]!));
        Assert.Null(list["nextCursor"]);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.DeleteAsync($"/v1/habits/{id}")).StatusCode);
        await JournalClient.ProblemAsync(await user.Http.DeleteAsync($"/v1/habits/{id}"), HttpStatusCode.NotFound);
        Assert.Equal(["Read"], (await user.GetJsonAsync("/v1/habits"))["items"]!.AsArray().Select(h => (string)h!["name"]!));
    }

    [Fact]
    public async Task Names_are_unique_per_user_ignoring_case()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var other = await JournalClient.RegisterAsync(Api);
        await user.PostJsonAsync("/v1/habits", new { name = "Morning walk", frequency = "daily" });
        var second = await user.PostJsonAsync("/v1/habits", new { name = "Stretch", frequency = "daily" });

        var duplicate = await JournalClient.ProblemAsync(
            await user.Http.PostAsJsonAsync("/v1/habits", new { name = "MORNING WALK", frequency = "weekly" }), HttpStatusCode.Conflict);
        await JournalClient.ProblemAsync(
            await user.Http.PatchAsJsonAsync($"/v1/habits/{second["id"]}", new { name = "morning Walk" }), HttpStatusCode.Conflict);
        await other.PostJsonAsync("/v1/habits", new { name = "Morning walk", frequency = "daily" });

        Assert.Equal("conflict", (string)duplicate["type"]!);
        Assert.Equal(2, (await user.GetJsonAsync("/v1/habits"))["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Another_users_habit_is_a_404()
    {
        var owner = await JournalClient.RegisterAsync(Api);
        var other = await JournalClient.RegisterAsync(Api);
        var habit = await owner.PostJsonAsync("/v1/habits", new { name = "Journal", frequency = "daily" });
        var path = $"/v1/habits/{habit["id"]}";

        await JournalClient.ProblemAsync(await other.Http.PatchAsJsonAsync(path, new { name = "Mine now" }), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await other.Http.PostAsJsonAsync(path + "/completions", new { }), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await other.Http.DeleteAsync(path), HttpStatusCode.NotFound);

        Assert.Empty((await other.GetJsonAsync("/v1/habits"))["items"]!.AsArray());
        Assert.Equal("Journal", (string)(await owner.GetJsonAsync("/v1/habits"))["items"]![0]!["name"]!);
    }

    [Theory]
    [InlineData("name", "{\"frequency\":\"daily\"}")]
    [InlineData("name", "{\"name\":\"  \",\"frequency\":\"daily\"}")]
    [InlineData("frequency", "{\"name\":\"Run\"}")]
    [InlineData("frequency", "{\"name\":\"Run\",\"frequency\":\"hourly\"}")]
    [InlineData("targetPerPeriod", "{\"name\":\"Run\",\"frequency\":\"daily\",\"targetPerPeriod\":2}")]
    [InlineData("targetPerPeriod", "{\"name\":\"Run\",\"frequency\":\"weekly\",\"targetPerPeriod\":8}")]
    [InlineData("targetPerPeriod", "{\"name\":\"Run\",\"frequency\":\"monthly\",\"targetPerPeriod\":30}")]
    [InlineData("meta.everyDays", "{\"name\":\"Run\",\"frequency\":\"custom\"}")]
    [InlineData("meta.everyDays", "{\"name\":\"Run\",\"frequency\":\"custom\",\"meta\":{\"everyDays\":\"often\"}}")]
    [InlineData("meta", "{\"name\":\"Run\",\"frequency\":\"daily\",\"meta\":[1,2]}")]
    public async Task Invalid_habits_are_400_naming_the_field_and_nothing_is_written(string field, string json)
    {
        var user = await JournalClient.RegisterAsync(Api);

        var response = await user.Http.PostAsync("/v1/habits", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await JournalClient.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
        Assert.Empty((await user.GetJsonAsync("/v1/habits"))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_new_frequency_needs_a_target_that_fits_it()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var habit = await user.PostJsonAsync("/v1/habits", new { name = "Swim", frequency = "weekly", targetPerPeriod = 3 });
        var path = $"/v1/habits/{habit["id"]}";

        var toCustom = await JournalClient.ProblemAsync(await user.Http.PatchAsJsonAsync(path, new { frequency = "custom" }), HttpStatusCode.BadRequest);
        var toDaily = await user.PatchJsonAsync(path, new { frequency = "daily" });
        var toCustomWithPeriod = await user.PatchJsonAsync(path, new { frequency = "custom", targetPerPeriod = 2, meta = new { everyDays = 5 } });

        Assert.True(toCustom["errors"]!.AsObject().ContainsKey("meta.everyDays"));
        Assert.Equal(("daily", 1), ((string)toDaily["frequency"]!, (int)toDaily["targetPerPeriod"]!));
        Assert.Equal(("custom", 2, "period"), ((string)toCustomWithPeriod["frequency"]!, (int)toCustomWithPeriod["targetPerPeriod"]!,
            (string)toCustomWithPeriod["streak"]!["unit"]!));
    }

    [Fact]
    public async Task Completions_are_once_per_date_and_build_the_streak()
    {
        var user = await JournalClient.RegisterAsync(Api, timeZone: "Pacific/Kiritimati");
        var habit = await user.PostJsonAsync("/v1/habits", new { name = "Walk", frequency = "daily" });
        var path = $"/v1/habits/{habit["id"]}/completions";
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(14)).DateTime);

        var first = await user.PostJsonAsync(path, new { });
        var again = await user.PostJsonAsync(path, new { date = today.ToString("yyyy-MM-dd") }, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await user.Http.PostAsync(path, null)).StatusCode);
        await user.PostJsonAsync(path, new { date = today.AddDays(-1).ToString("yyyy-MM-dd") });
        var third = await user.PostJsonAsync(path, new { date = today.AddDays(-2).ToString("yyyy-MM-dd") });
        var future = await JournalClient.ProblemAsync(
            await user.Http.PostAsJsonAsync(path, new { date = today.AddDays(1).ToString("yyyy-MM-dd") }), HttpStatusCode.BadRequest);

        Assert.Equal(today.ToString("yyyy-MM-dd"), (string)first["date"]!);
        Assert.Equal((string)first["createdAt"]!, (string)again["createdAt"]!);
        Assert.Equal((3, 3, "day"), ((int)third["streak"]!["current"]!, (int)third["streak"]!["longest"]!, (string)third["streak"]!["unit"]!));
        Assert.True(future["errors"]!.AsObject().ContainsKey("date"));
        var listed = (await user.GetJsonAsync("/v1/habits"))["items"]![0]!["streak"]!;
        Assert.Equal((3, 1, today.ToString("yyyy-MM-dd")), ((int)listed["current"]!, (int)listed["completedThisPeriod"]!, (string)listed["lastCompletedOn"]!));
        await using var connection = Database.DataSource.CreateConnection();
        Assert.Equal(3, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM habit_completions WHERE user_id = @UserId", new { user.UserId }));
    }

    [Fact]
    public async Task A_completion_grows_the_garden_but_is_not_a_streak_day()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var habit = await user.PostJsonAsync("/v1/habits", new { name = "Drink water", frequency = "daily" });

        await user.PostJsonAsync($"/v1/habits/{habit["id"]}/completions", new { });

        // Read-your-writes: the completion was handed over to the progress grain before it returned.
        var summary = await user.GetJsonAsync("/v1/me/summary");
        Assert.Equal(5, (int)summary["garden"]!["growthPoints"]!);
        Assert.Single(summary["garden"]!["plants"]!.AsArray());
        Assert.Equal(0, (int)summary["streak"]!["current"]!);
        Assert.Equal((0, 0), ((int)summary["today"]!["entries"]!, (int)summary["today"]!["checkins"]!));
    }

    [Fact]
    public async Task Retried_creates_with_an_Idempotency_Key_make_one_habit()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Post(object body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/habits") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await user.Http.SendAsync(request);
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Post(new { name = "Yoga", frequency = "weekly" })));
        var reused = await Post(new { name = "Pilates", frequency = "weekly" });

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        await JournalClient.ProblemAsync(reused, HttpStatusCode.UnprocessableEntity);
        Assert.Single((await user.GetJsonAsync("/v1/habits"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Habits_are_paged_oldest_first()
    {
        var user = await JournalClient.RegisterAsync(Api);
        for (var i = 0; i < 5; i++) await user.PostJsonAsync("/v1/habits", new { name = $"Habit {i}", frequency = "daily" });

        var names = new List<string>();
        string? cursor = null;
        do
        {
            var page = await user.GetJsonAsync("/v1/habits?limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            names.AddRange(page["items"]!.AsArray().Select(h => (string)h!["name"]!));
            cursor = (string?)page["nextCursor"];
        } while (cursor is not null);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"Habit {i}"), names);
        await JournalClient.ProblemAsync(await user.Http.GetAsync("/v1/habits?cursor=bogus"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Habits_are_exported_and_erased_with_the_account()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var habit = await user.PostJsonAsync("/v1/habits", new { name = "Gratitude list", frequency = "daily" });
        await user.PostJsonAsync($"/v1/habits/{habit["id"]}/completions", new { });

        var export = await user.GetJsonAsync("/v1/me/export");
        Assert.Equal("Gratitude list", (string)export["habits"]![0]!["habit"]!["name"]!);
        Assert.Single(export["habits"]![0]!["completions"]!.AsArray());

        await using var connection = Database.DataSource.CreateConnection();
        // Erased by the habit grain itself (the account row's cascade is not what removes them).
        await Api.Services.GetRequiredService<IGrainFactory>().GetGrain<IHabitGrain>(user.UserId).EraseAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM habits WHERE user_id = @UserId", new { user.UserId }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM habit_completions WHERE user_id = @UserId", new { user.UserId }));
        Assert.Empty((await user.GetJsonAsync("/v1/habits"))["items"]!.AsArray());
    }
}
