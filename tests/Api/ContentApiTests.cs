using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Journal.Api.Audit;
using Journal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Tests.Api;

/// <summary>The content library, premium gating, crisis resources, prompts and the admin routes (PRODUCT.md §6, §8).</summary>
public sealed class ContentApiTests(PostgresDatabase database) : ApiTest(database, new Dictionary<string, string> { ["Bootstrap:AdminUsername"] = AdminName })
{
    private const string AdminName = "library_admin";

    [Fact]
    public async Task The_starter_library_is_served_by_type_and_category()
    {
        var user = await JournalClient.RegisterAsync(Api);

        var categories = (await user.GetJsonAsync("/v1/content/categories"))["items"]!.AsArray();
        var tips = (await user.GetJsonAsync("/v1/content/items?type=tip&limit=100"))["items"]!.AsArray();
        var coping = (string)categories.Single(c => (string)c!["name"]! == "Coping Tools")!["id"]!;
        var inCoping = (await user.GetJsonAsync($"/v1/content/items?categoryId={coping}&limit=100"))["items"]!.AsArray();
        var guide = await user.GetJsonAsync("/v1/content/items/the-anxiety-cycle");

        Assert.True(categories.Count >= 4);
        Assert.True(tips.Count >= 5);
        Assert.All(tips, tip => Assert.Equal("tip", (string)tip!["type"]!));
        Assert.All(tips, tip => Assert.Null(tip!["body"]));
        Assert.Equal(tips.Select(t => (int)t!["order"]!).Order(), tips.Select(t => (int)t!["order"]!));
        Assert.All(inCoping, item => Assert.Equal(coping, (string)item!["categoryId"]!));
        Assert.Equal("guide", (string)guide["type"]!);
        Assert.Contains("avoiding", (string)guide["body"]!);
        Assert.Contains("\n\n", (string)guide["body"]!);
        var cbt = (await user.GetJsonAsync("/v1/content/items?type=exercise_cbt"))["items"]!.AsArray();
        Assert.Equal(2, cbt.Count);

        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var page = await user.GetJsonAsync("/v1/content/items?type=tip&limit=3" + (cursor is null ? "" : "&cursor=" + cursor));
            paged.AddRange(page["items"]!.AsArray().Select(item => (string)item!["slug"]!));
            cursor = (string?)page["nextCursor"];
        } while (cursor is not null);
        Assert.Equal(tips.Select(t => (string)t!["slug"]!), paged);
    }

    [Fact]
    public async Task Crisis_resources_are_public_and_name_real_services()
    {
        var anonymous = Api.CreateClient();

        var response = await anonymous.GetAsync("/v1/crisis-resources");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await response.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray();
        Assert.All(items, item => Assert.Equal("crisis_resource", (string)item!["type"]!));
        Assert.Equal("immediate-danger", (string)items[0]!["slug"]!);
        Assert.Contains(items, item => (string?)item!["url"] == "https://findahelpline.com");
        Assert.Contains(items, item => (string?)item!["phone"] == "116 123" && (string)item!["region"]! == "GB,IE");
        Assert.Contains(items, item => (string?)item!["phone"] == "988" && (string)item!["region"]! == "US");
        await JournalClient.ProblemAsync(await anonymous.GetAsync("/v1/content/categories"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Premium_items_need_premium_which_an_admin_grants_with_an_audit_record()
    {
        var admin = await LibraryAndSearchClient.AdminAsync(Api, AdminName);
        var user = await JournalClient.RegisterAsync(Api);
        var slug = "premium-" + Guid.NewGuid().ToString("N")[..8];
        await admin.PostJsonAsync("/v1/admin/content/items", new { type = "module", title = "Deep sleep course", slug, body = "Week one: wind down.", isPremium = true, isPublished = true });

        var refused = await JournalClient.ProblemAsync(await user.Http.GetAsync($"/v1/content/items/{slug}"), HttpStatusCode.Forbidden);
        Assert.Equal("premium-required", (string)refused["type"]!);
        Assert.Contains("Upgrade", (string)refused["upgrade"]!);
        Assert.Contains(slug, (await user.GetJsonAsync("/v1/content/items?type=module&limit=100"))["items"]!.AsArray().Select(i => (string)i!["slug"]!));

        await JournalClient.ProblemAsync(await user.SendJsonAsync(HttpMethod.Put, $"/v1/admin/users/{user.UserId}/premium", new { isPremium = true }), HttpStatusCode.Forbidden);
        var granted = await admin.SendJsonAsync(HttpMethod.Put, $"/v1/admin/users/{user.UserId}/premium", new { isPremium = true }).OkJsonAsync();

        Assert.True((bool)granted["isPremium"]!);
        Assert.True((bool)(await user.GetJsonAsync("/v1/me"))["isPremium"]!);
        Assert.Equal("Week one: wind down.", (string)(await user.GetJsonAsync($"/v1/content/items/{slug}"))["body"]!);
        await using var connection = Database.DataSource.CreateConnection();
        var userHash = Api.Services.GetRequiredService<AuditLog>().Hash(user.UserId.ToString("N"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM audit_log WHERE event = 'premium_change' AND user_hash = @userHash AND details->>'isPremium' = 'true'", new { userHash }));

        await admin.SendJsonAsync(HttpMethod.Put, $"/v1/admin/users/{user.UserId}/premium", new { isPremium = false }).OkJsonAsync();
        await JournalClient.ProblemAsync(await user.Http.GetAsync($"/v1/content/items/{slug}"), HttpStatusCode.Forbidden);
        await JournalClient.ProblemAsync(await admin.SendJsonAsync(HttpMethod.Put, $"/v1/admin/users/{Guid.NewGuid()}/premium", new { isPremium = true }), HttpStatusCode.NotFound);
        var missing = await JournalClient.ProblemAsync(await admin.SendJsonAsync(HttpMethod.Put, $"/v1/admin/users/{user.UserId}/premium", new { }), HttpStatusCode.BadRequest);
        Assert.True(missing["errors"]!.AsObject().ContainsKey("isPremium"));
    }

    [Fact]
    public async Task Admins_create_publish_change_and_delete_items_and_only_admins_may()
    {
        var admin = await LibraryAndSearchClient.AdminAsync(Api, AdminName);
        var user = await JournalClient.RegisterAsync(Api);
        var name = "Sleep " + Guid.NewGuid().ToString("N")[..6];
        var category = await admin.PostJsonAsync("/v1/admin/content/categories", new { name, description = "Rest", order = 9 });
        await JournalClient.ProblemAsync(await admin.Http.PostAsJsonAsync("/v1/admin/content/categories", new { name = name.ToUpperInvariant() }), HttpStatusCode.Conflict);
        await JournalClient.ProblemAsync(await user.Http.PostAsJsonAsync("/v1/admin/content/categories", new { name = "Mine" }), HttpStatusCode.Forbidden);

        var title = "Wind-down routine " + Guid.NewGuid().ToString("N")[..6];
        var item = await admin.PostJsonAsync("/v1/admin/content/items", new { type = "guide", title, categoryId = (string)category["id"]!, body = "Dim the lights." });
        var slug = (string)item["slug"]!;
        Assert.StartsWith("wind-down-routine-", slug);
        Assert.False((bool)item["isPublished"]!);
        Assert.Null(item["publishedAt"]);
        await JournalClient.ProblemAsync(await user.Http.GetAsync($"/v1/content/items/{slug}"), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await admin.Http.PostAsJsonAsync("/v1/admin/content/items", new { type = "guide", title }), HttpStatusCode.Conflict);

        var id = (string)item["id"]!;
        var published = await admin.SendJsonAsync(HttpMethod.Patch, $"/v1/admin/content/items/{id}", new { isPublished = true, summary = "Evenings" }).OkJsonAsync();
        Assert.NotNull(published["publishedAt"]);
        Assert.Equal("Dim the lights.", (string)(await user.GetJsonAsync($"/v1/content/items/{slug}"))["body"]!);
        Assert.Contains(slug, (await user.GetJsonAsync($"/v1/content/items?categoryId={category["id"]}"))["items"]!.AsArray().Select(i => (string)i!["slug"]!));
        var cleared = await admin.SendJsonAsync(HttpMethod.Patch, $"/v1/admin/content/items/{id}", new { summary = "" }).OkJsonAsync();
        Assert.Null(cleared["summary"]);
        await JournalClient.ProblemAsync(await user.SendJsonAsync(HttpMethod.Patch, $"/v1/admin/content/items/{id}", new { isPublished = false }), HttpStatusCode.Forbidden);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.DeleteAsync($"/v1/admin/content/items/{id}")).StatusCode);
        await JournalClient.ProblemAsync(await user.Http.GetAsync($"/v1/content/items/{slug}"), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await admin.Http.DeleteAsync($"/v1/admin/content/items/{id}"), HttpStatusCode.NotFound);
        await JournalClient.ProblemAsync(await admin.SendJsonAsync(HttpMethod.Patch, $"/v1/admin/content/items/{Guid.NewGuid()}", new { title = "x" }), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("type", "{\"title\":\"No type\"}")]
    [InlineData("type", "{\"type\":\"podcast\",\"title\":\"Bad type\"}")]
    [InlineData("title", "{\"type\":\"tip\"}")]
    [InlineData("slug", "{\"type\":\"tip\",\"title\":\"x\",\"slug\":\"Not A Slug\"}")]
    [InlineData("slug", "{\"type\":\"tip\",\"title\":\"???\"}")]
    [InlineData("url", "{\"type\":\"crisis_resource\",\"title\":\"Line\",\"url\":\"javascript:alert(1)\"}")]
    [InlineData("categoryId", "{\"type\":\"tip\",\"title\":\"Orphan tip\",\"categoryId\":\"6d9d4c1e-0000-4000-8000-000000000000\"}")]
    [InlineData("categoryId", "{\"type\":\"tip\",\"title\":\"Bad id\",\"categoryId\":\"seven\"}")]
    public async Task Invalid_items_are_400_naming_the_field(string field, string json)
    {
        var admin = await LibraryAndSearchClient.AdminAsync(Api, AdminName);

        var response = await admin.Http.PostAsync("/v1/admin/content/items", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await JournalClient.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Fact]
    public async Task The_daily_tip_stays_the_same_all_day_for_a_user()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var tips = new List<string>();
        for (var i = 0; i < 5; i++) tips.Add((string)(await user.GetJsonAsync("/v1/content/daily-tip"))["slug"]!);
        var others = new List<string>();
        for (var i = 0; i < 12; i++) others.Add((string)(await (await JournalClient.RegisterAsync(Api)).GetJsonAsync("/v1/content/daily-tip"))["slug"]!);

        Assert.Single(tips.Distinct());
        Assert.Equal("tip", (string)(await user.GetJsonAsync("/v1/content/daily-tip"))["type"]!);
        Assert.True(others.Distinct().Count() > 1, "twelve users all got the same tip");
    }

    [Fact]
    public async Task A_random_prompt_links_to_the_entry_written_from_it_and_other_ids_are_refused()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var prompt = await user.GetJsonAsync("/v1/content/prompts/random");
        Assert.Equal("journal_prompt", (string)prompt["type"]!);

        var entry = await user.CreateEntryAsync("Answering the prompt.", new { promptId = (string)prompt["id"]! });
        Assert.Equal((string)prompt["id"]!, (string)entry["promptId"]!);

        var tip = (string)(await user.GetJsonAsync("/v1/content/items?type=tip&limit=1"))["items"]![0]!["id"]!;
        foreach (var wrong in new[] { Guid.NewGuid().ToString(), tip })
        {
            var problem = await JournalClient.ProblemAsync(await user.Http.PostAsJsonAsync("/v1/journal/entries", new { content = "x", promptId = wrong }), HttpStatusCode.BadRequest);
            Assert.True(problem["errors"]!.AsObject().ContainsKey("promptId"), problem.ToJsonString());
        }
        Assert.Single((await user.GetJsonAsync("/v1/journal/entries"))["items"]!.AsArray());
    }

    [Theory]
    [InlineData("?type=podcast", "type")]
    [InlineData("?categoryId=seven", "categoryId")]
    [InlineData("?limit=500", "limit")]
    [InlineData("?cursor=bm9wZQ", "cursor")]
    public async Task Invalid_item_queries_are_400_naming_the_field(string query, string field)
    {
        var user = await JournalClient.RegisterAsync(Api);

        var problem = await JournalClient.ProblemAsync(await user.Http.GetAsync("/v1/content/items" + query), HttpStatusCode.BadRequest);

        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }
}
