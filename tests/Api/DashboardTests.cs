using System.Net;
using System.Net.Http.Headers;
using Journal.Tests.Infrastructure;

namespace Journal.Tests.Api;

/// <summary>The Orleans Dashboard: admins only, opened in a browser with the token once and a path-scoped cookie after.</summary>
public sealed class DashboardTests(PostgresDatabase database)
    : ApiTest(database, new Dictionary<string, string> { ["Dashboard:Enabled"] = "true", ["Bootstrap:AdminUsername"] = AdminName })
{
    private const string AdminName = "dashboard_admin";

    [Fact]
    public async Task Only_admins_see_the_dashboard()
    {
        var anonymous = await Api.CreateClient().GetAsync("/admin/dashboard/ClusterStats");
        var member = await JournalClient.RegisterAsync(Api);
        var admin = await LibraryAndSearchClient.AdminAsync(Api, AdminName);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Http.GetAsync("/admin/dashboard/ClusterStats")).StatusCode);
        var stats = await admin.Http.GetAsync("/admin/dashboard/ClusterStats");
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Contains("periodKey", await stats.Content.ReadAsStringAsync()); // the cluster's statistics per period
    }

    [Fact]
    public async Task A_browser_opens_it_with_the_token_once_then_its_cookie_carries_the_admin()
    {
        var admin = await LibraryAndSearchClient.AdminAsync(Api, AdminName);
        var browser = Api.CreateClient(); // keeps cookies, sends no Authorization header

        var page = await browser.GetAsync($"/admin/dashboard/index.html?access_token={admin.AccessToken}");
        var cookie = Assert.Single(page.Headers.GetValues("Set-Cookie"));
        var stats = await browser.GetAsync("/admin/dashboard/ClusterStats");
        var elsewhere = await browser.GetAsync("/v1/me");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("path=/admin/dashboard", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode); // the cookie is the dashboard's alone
    }

    [Fact]
    public async Task A_member_token_in_the_query_sets_no_cookie()
    {
        var member = await JournalClient.RegisterAsync(Api);
        var browser = Api.CreateClient();

        var page = await browser.GetAsync($"/admin/dashboard/index.html?access_token={member.AccessToken}");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.False(page.Headers.Contains("Set-Cookie"));
    }
}
