using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Journal.Tests.Api;

namespace Journal.Tests.Community;

/// <summary>Community calls for tests: seeded categories, posts, comments, reports, and members with roles.</summary>
internal static class CommunityClient
{
    /// <summary>The categories migration 0009 seeds.</summary>
    public const string GeneralDiscussion = "6c0c5f1e-3d2a-4b8e-9a51-0c6f2b1d7e01";
    public const string CopingStrategies = "6c0c5f1e-3d2a-4b8e-9a51-0c6f2b1d7e02";

    /// <summary>The bootstrap admin's username in community test classes (settings below).</summary>
    public const string AdminUsername = "community_root";

    public static IReadOnlyDictionary<string, string> Settings(bool establishedAccounts = false, string? claimDuration = null)
    {
        var settings = new Dictionary<string, string> { ["Bootstrap:AdminUsername"] = AdminUsername };
        if (claimDuration is not null) settings["Community:ClaimDuration"] = claimDuration;
        // Lets freshly registered members count as established (> 24 h) where a test is not about new accounts.
        if (establishedAccounts) settings["Community:NewAccountAge"] = "00:00:00";
        return settings;
    }

    public static async Task<JournalClient> AdminAsync(ApiFactory api)
    {
        var login = await api.CreateClient().PostAsJsonAsync("/v1/auth/login", new { login = AdminUsername, password = JournalClient.Password });
        return login.StatusCode == HttpStatusCode.OK
            ? await JournalClient.LoginAsync(api, AdminUsername)
            : await JournalClient.RegisterAsync(api, username: AdminUsername);
    }

    public static async Task<JournalClient> ModeratorAsync(ApiFactory api)
    {
        var admin = await AdminAsync(api);
        var moderator = await JournalClient.RegisterAsync(api);
        var granted = await admin.Http.PutAsJsonAsync($"/v1/admin/users/{moderator.UserId}/roles", new { roles = new[] { "user", "moderator" } });
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        return moderator;
    }

    public static Task<JsonObject> PostAsync(this JournalClient user, string title = "Small wins", string content = "I went outside today.", string category = GeneralDiscussion) =>
        user.PostJsonAsync("/v1/community/posts", new { categoryId = category, title, content });

    public static Task<HttpResponseMessage> TryPostAsync(this JournalClient user, string title = "Small wins", string category = GeneralDiscussion) =>
        user.Http.PostAsJsonAsync("/v1/community/posts", new { categoryId = category, title, content = "Some words." });

    public static Task<JsonObject> CommentAsync(this JournalClient user, string postId, string content = "Thank you for sharing.", string? parent = null) =>
        user.PostJsonAsync($"/v1/community/posts/{postId}/comments", new { content, parentCommentId = parent });

    public static Task<HttpResponseMessage> TryCommentAsync(this JournalClient user, string postId, string content = "Me too.") =>
        user.Http.PostAsJsonAsync($"/v1/community/posts/{postId}/comments", new { content });

    public static Task<HttpResponseMessage> ReportAsync(this JournalClient user, string targetType, string targetId, string reason = "spam") =>
        user.Http.PostAsJsonAsync("/v1/community/reports", new { targetType, targetId, reason });

    /// <summary>Files a report that must be accepted (201), returning it.</summary>
    public static Task<JsonObject> FileReportAsync(this JournalClient user, string targetType, string targetId, string reason = "spam") =>
        user.PostJsonAsync("/v1/community/reports", new { targetType, targetId, reason });

    public static Task<HttpResponseMessage> ModerateAsync(this JournalClient moderator, string path, object? body = null) =>
        moderator.Http.PostAsJsonAsync(path, body ?? new { });

    public static string Id(this JsonObject item) => (string)item["id"]!;
}
