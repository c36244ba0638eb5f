using Journal.Api.Auth;
using Orleans.Dashboard;

namespace Journal.Api.Admin;

/// <summary>
/// The Orleans Dashboard (silos, grains, calls, reminders) for admins, at <c>/admin/dashboard</c> when
/// <c>Dashboard:Enabled</c> is true. A browser opens it once with <c>?access_token=…</c> (an admin's
/// access token); the token is then kept in a cookie scoped to the dashboard's path, which its page
/// sends with each of its requests.
/// </summary>
public static class DashboardEndpoints
{
    public const string Path = "/admin/dashboard";
    public const string Cookie = "journal_dashboard";

    public static void MapDashboard(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Dashboard:Enabled", false)) return;
        app.MapOrleansDashboard(Path).RequireAuthorization(AuthSetup.AdminPolicy).ExcludeFromDescription();
    }

    /// <summary>The dashboard's token: from the query on the first visit, from its cookie afterwards.</summary>
    public static string? TokenOf(HttpRequest request) =>
        !request.Path.StartsWithSegments(Path) ? null
        : request.Query["access_token"] is { Count: 1 } token ? token.ToString()
        : request.Cookies[Cookie];

    /// <summary>After a token from the query was accepted, keeps it for the dashboard's own requests until it expires.</summary>
    public static void RememberToken(HttpContext context, string token, DateTimeOffset expires)
    {
        if (!context.Request.Path.StartsWithSegments(Path) || context.Request.Query["access_token"].Count != 1) return;
        context.Response.Cookies.Append(Cookie, token, new CookieOptions
        {
            Path = Path,
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Expires = expires,
        });
    }
}
