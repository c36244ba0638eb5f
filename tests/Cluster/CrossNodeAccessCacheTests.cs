using System.Net;
using System.Net.Http.Json;
using Journal.Tests.Api;
using Journal.Tests.Community;
using Journal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Tests.Cluster;

/// <summary>
/// A node answers a session's requests from memory once it has checked it (issue 15), yet a session
/// ended or a role changed through the other node holds on it at once: the account grain has it forget
/// the user first, and so does an account activation that goes away. The allowance here is large, so
/// the node takes many requests at once and really answers from memory (a small one is checked request
/// by request: <see cref="CrossNodeLimitsTests"/>).
/// </summary>
[Collection(NodeProcesses.Name)]
public sealed class CrossNodeAccessCacheTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private TwoNodes _nodes = null!;

    private ApiFactory A => _nodes.A;

    private ApiFactory B => _nodes.B;

    public async Task InitializeAsync()
    {
        _nodes = database.Shared(() => new TwoNodes(database, new Dictionary<string, string> { ["Bootstrap:AdminUsername"] = CommunityClient.AdminUsername }));
        await _nodes.JoinedAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_session_ended_through_one_node_is_refused_by_the_other_that_remembers_it()
    {
        var user = await JournalClient.RegisterAsync(A);
        var sameSessionOnB = _nodes.OnB(user);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await sameSessionOnB.GetAsync("/v1/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.PostAsync("/v1/auth/logout", null)).StatusCode);

        await JournalClient.ProblemAsync(await sameSessionOnB.GetAsync("/v1/me"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_session_ended_through_a_new_activation_of_the_account_is_refused_by_a_node_that_remembers_it()
    {
        var user = await JournalClient.RegisterAsync(A);
        var sameSessionOnB = _nodes.OnB(user);
        Assert.Equal(HttpStatusCode.OK, (await sameSessionOnB.GetAsync("/v1/me")).StatusCode);

        // Every idle activation goes, the account's too: the next one does not know that B remembers the session.
        await A.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.PostAsync("/v1/auth/logout", null)).StatusCode);

        await JournalClient.ProblemAsync(await sameSessionOnB.GetAsync("/v1/me"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Roles_changed_through_one_node_hold_on_the_other_at_once()
    {
        var admin = await CommunityClient.AdminAsync(A);
        var member = await JournalClient.RegisterAsync(A);
        var memberOnB = _nodes.OnB(member);
        Assert.Equal(HttpStatusCode.Forbidden, (await memberOnB.GetAsync("/v1/admin/reports")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PutAsJsonAsync($"/v1/admin/users/{member.UserId}/roles", new { roles = new[] { "user", "moderator" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await memberOnB.GetAsync("/v1/admin/reports")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PutAsJsonAsync($"/v1/admin/users/{member.UserId}/roles", new { roles = new[] { "user" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await memberOnB.GetAsync("/v1/admin/reports")).StatusCode);
    }

    [Fact]
    public async Task A_zone_changed_through_one_node_dates_the_next_write_on_the_other()
    {
        var user = await JournalClient.RegisterAsync(A, timeZone: "Pacific/Kiritimati");
        var userOnB = _nodes.OnB(user);
        Assert.Equal(HttpStatusCode.OK, (await userOnB.GetAsync("/v1/me")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await user.Http.PatchAsJsonAsync("/v1/me", new { timeZone = "Pacific/Pago_Pago" })).StatusCode);

        // Kiritimati is UTC+14, Pago Pago UTC-11: their days differ at every hour of the day.
        var checkIn = await userOnB.PostAsJsonAsync("/v1/checkins", new { anxietyLevel = 3, mood = "neutral" });
        Assert.Equal(HttpStatusCode.Created, checkIn.StatusCode);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(-11));
        Assert.Equal(today.ToString("yyyy-MM-dd"), (string)(await checkIn.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["day"]!);
    }
}
