using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Journal.Grains.Accounts;
using Journal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Journal.Tests.Api;

/// <summary>Registration, login, refresh rotation and reuse, logout, sessions, throttling and roles (PRODUCT.md §1).</summary>
public sealed class AuthTests(PostgresDatabase database) : ApiTest(database, new Dictionary<string, string> { ["Bootstrap:AdminUsername"] = "Chief_Admin" })
{
    [Fact]
    public async Task Registration_returns_tokens_that_open_the_profile_with_a_random_pseudonym()
    {
        var user = await JournalClient.RegisterAsync(Api);

        var profile = await user.GetJsonAsync("/v1/me");
        Assert.Equal(user.Username, (string)profile["username"]!);
        Assert.Equal(user.UserId, Guid.Parse((string)profile["userId"]!));
        Assert.DoesNotContain(user.Username, (string)profile["pseudonym"]!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["user"], profile["roles"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(900, (int)user.Tokens["expiresIn"]!);
    }

    [Theory]
    [InlineData("username", "ab")]
    [InlineData("username", "has space")]
    [InlineData("password", "short")]
    [InlineData("password", "password123")]
    [InlineData("timeZone", "Mars/Olympus")]
    [InlineData("email", "not-an-email")]
    [InlineData("username", "trailing_newline\n")]
    [InlineData("email", "someone@example.org\n")]
    [InlineData("password", "\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000")]
    public async Task Invalid_registrations_are_400_naming_the_field(string field, string value)
    {
        var body = new JsonObject
        {
            ["username"] = "valid_" + Guid.NewGuid().ToString("N")[..8], ["password"] = JournalClient.Password, ["timeZone"] = "UTC",
            ["acceptTerms"] = true, ["termsVersion"] = "v1", ["privacyVersion"] = "v1",
        };
        body[field] = value;

        var problem = await JournalClient.ProblemAsync(await Api.CreateClient().PostAsJsonAsync("/v1/auth/register", body), HttpStatusCode.BadRequest);

        Assert.Equal("validation-failed", (string)problem["type"]!);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Fact]
    public async Task A_taken_username_or_email_is_409_case_insensitively()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var http = Api.CreateClient();

        var sameName = await http.PostAsJsonAsync("/v1/auth/register", new
        {
            username = user.Username.ToUpperInvariant(), password = JournalClient.Password, timeZone = "UTC", acceptTerms = true, termsVersion = "v1", privacyVersion = "v1",
        });
        var sameEmail = await http.PostAsJsonAsync("/v1/auth/register", new
        {
            username = "other_" + Guid.NewGuid().ToString("N")[..8], email = (user.Username + "@EXAMPLE.org").ToUpperInvariant(), password = JournalClient.Password,
            timeZone = "UTC", acceptTerms = true, termsVersion = "v1", privacyVersion = "v1",
        });

        Assert.Equal("conflict", (string)(await JournalClient.ProblemAsync(sameName, HttpStatusCode.Conflict))["type"]!);
        await JournalClient.ProblemAsync(sameEmail, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Login_works_by_username_or_email_and_fails_the_same_way_for_unknown_user_and_wrong_password()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var http = Api.CreateClient();

        var byName = await http.PostAsJsonAsync("/v1/auth/login", new { login = user.Username, password = JournalClient.Password });
        var byEmail = await http.PostAsJsonAsync("/v1/auth/login", new { login = user.Username + "@example.org", password = JournalClient.Password });
        var wrongPassword = await JournalClient.ProblemAsync(
            await http.PostAsJsonAsync("/v1/auth/login", new { login = user.Username, password = "wrong password here" }), HttpStatusCode.Unauthorized);
        var unknownUser = await JournalClient.ProblemAsync(
            await http.PostAsJsonAsync("/v1/auth/login", new { login = "nobody_" + Guid.NewGuid().ToString("N")[..8], password = "wrong password here" }), HttpStatusCode.Unauthorized);

        Assert.Equal(HttpStatusCode.OK, byName.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byEmail.StatusCode);
        Assert.Equal((string)wrongPassword["detail"]!, (string)unknownUser["detail"]!);
    }

    [Fact]
    public async Task Repeated_failed_logins_for_one_account_are_throttled_with_Retry_After()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var http = Api.CreateClient();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/v1/auth/login", new { login = user.Username, password = "wrong password " + i })).StatusCode);

        var throttled = await http.PostAsJsonAsync("/v1/auth/login", new { login = user.Username, password = JournalClient.Password });

        var problem = await JournalClient.ProblemAsync(throttled, (HttpStatusCode)429);
        Assert.Equal("login-throttled", (string)problem["type"]!);
        Assert.True(int.Parse(throttled.Headers.GetValues("Retry-After").Single()) > 0);
    }

    [Fact]
    public async Task Parallel_guesses_cannot_slip_past_the_throttle_and_it_does_not_link_username_and_email()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var http = Api.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            http.PostAsJsonAsync("/v1/auth/login", new { login = user.Username, password = $"guess {i} is wrong" })));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));
        Assert.Equal(25, responses.Count(r => r.StatusCode == (HttpStatusCode)429));
        // The throttled username does not reveal its email: that login answers like any other.
        var byEmail = await http.PostAsJsonAsync("/v1/auth/login", new { login = user.Username + "@example.org", password = "another wrong guess" });
        Assert.Equal(HttpStatusCode.Unauthorized, byEmail.StatusCode);
    }

    [Fact]
    public async Task Refresh_rotates_and_reusing_an_old_token_revokes_the_session()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var http = Api.CreateClient();
        var first = user.RefreshToken;

        var rotated = await http.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = first });
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var pair = (await rotated.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotEqual(first, (string)pair["refreshToken"]!);

        // Past the retry grace period (aged in the table), presenting the old token again is reuse.
        await using (var aging = Database.DataSource.CreateConnection())
            await aging.ExecuteAsync("UPDATE refresh_tokens SET used_at = used_at - interval '1 minute' WHERE used_at IS NOT NULL");
        var reuse = await http.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = first });
        await JournalClient.ProblemAsync(reuse, HttpStatusCode.Unauthorized);

        // The whole session ended: the rotated refresh token and its access token are dead too.
        await JournalClient.ProblemAsync(await http.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = (string)pair["refreshToken"]! }), HttpStatusCode.Unauthorized);
        user.UseTokens(pair);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.Http.GetAsync("/v1/me")).StatusCode);
        Assert.Equal(1, await RefreshReusesAuditedAsync(user));
    }

    [Fact]
    public async Task A_refresh_retried_at_once_keeps_the_session_with_one_chain()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var http = Api.CreateClient();

        // A phone whose first answer was lost sends the same refresh again (here: both at once).
        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => RefreshAsync(http, user.RefreshToken)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        foreach (var (_, pair) in answers)
        {
            user.UseTokens(pair!);
            Assert.Equal(HttpStatusCode.OK, (await user.Http.GetAsync("/v1/me")).StatusCode);
        }

        // The session did not split into two chains: exactly one of the two new tokens is live, and
        // presenting the other (superseded by the retry) ends the session, grace period or not.
        var live = await LiveTokensAsync(answers.Select(a => RefreshToken(a.Pair!)));
        var superseded = Assert.Single(answers.Select(a => RefreshToken(a.Pair!)).Except(live));
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(http, superseded)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(http, Assert.Single(live))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.Http.GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task After_a_graced_retry_the_superseded_token_is_reuse_that_ends_the_session_its_connections_and_is_audited()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var http = Api.CreateClient();
        var r0 = user.RefreshToken;

        var r1 = RefreshToken(await RefreshOkAsync(http, r0));
        var retried = await RefreshOkAsync(http, r0);
        var r1Retry = RefreshToken(retried);
        user.UseTokens(retried);
        await using var hub = await UpdatesClient.ConnectAsync(Api, user.AccessToken);

        var reuse = await http.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = r1 });
        await JournalClient.ProblemAsync(reuse, HttpStatusCode.Unauthorized);

        Assert.True(await hub.ClosedWithinAsync(TimeSpan.FromSeconds(2)), "the ended session's hub connection was not closed");
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(http, r1Retry)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(http, r0)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.Http.GetAsync("/v1/me")).StatusCode);
        Assert.Equal(1, await RefreshReusesAuditedAsync(user));
    }

    [Fact]
    public async Task After_a_graced_retry_the_chain_goes_on_from_the_retry_answer()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var http = Api.CreateClient();
        var r0 = user.RefreshToken;
        var r1 = RefreshToken(await RefreshOkAsync(http, r0));
        var r1Retry = RefreshToken(await RefreshOkAsync(http, r0));

        var r2 = RefreshToken(await RefreshOkAsync(http, r1Retry));
        var r3 = await RefreshOkAsync(http, r2);

        user.UseTokens(r3);
        Assert.Equal(HttpStatusCode.OK, (await user.Http.GetAsync("/v1/me")).StatusCode);
        // The answer the retry replaced still cannot start a second chain.
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(http, r1)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.Http.GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_retry_after_its_answer_was_already_exchanged_is_reuse_even_within_the_grace()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var http = Api.CreateClient();
        var r0 = user.RefreshToken;
        var r1 = RefreshToken(await RefreshOkAsync(http, r0));
        var r2 = await RefreshOkAsync(http, r1);

        // r1 was received and exchanged, so r0's answer was not lost: whoever sends r0 holds a copy.
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(http, r0)).Status);

        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(http, RefreshToken(r2))).Status);
        Assert.Equal(1, await RefreshReusesAuditedAsync(user));
    }

    [Fact]
    public async Task The_superseded_answer_and_a_retry_racing_each_other_end_the_session_in_either_order()
    {
        for (var round = 0; round < 5; round++)
        {
            var user = await JournalClient.RegisterAsync(Api);
            var http = Api.CreateClient();
            var r0 = user.RefreshToken;
            var r1 = RefreshToken(await RefreshOkAsync(http, r0));

            // Two parties hold r0's answer or r0 itself: one exchanges r1 while the other retries r0.
            var answers = await Task.WhenAll(RefreshAsync(http, r1), RefreshAsync(http, r0));

            // Whichever the user grain takes first, the second shows the copy: one 200, one 401, and
            // the 200's tokens die with the session.
            var granted = Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
            Assert.Single(answers, a => a.Status == HttpStatusCode.Unauthorized);
            Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(http, RefreshToken(granted.Pair!))).Status);
            user.UseTokens(granted.Pair!);
            Assert.Equal(HttpStatusCode.Unauthorized, (await user.Http.GetAsync("/v1/me")).StatusCode);
        }
    }

    private static string RefreshToken(JsonObject pair) => (string)pair["refreshToken"]!;

    private static async Task<(HttpStatusCode Status, JsonObject? Pair)> RefreshAsync(HttpClient http, string refreshToken)
    {
        var response = await http.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken });
        return (response.StatusCode, response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null);
    }

    private static async Task<JsonObject> RefreshOkAsync(HttpClient http, string refreshToken)
    {
        var (status, pair) = await RefreshAsync(http, refreshToken);
        Assert.Equal(HttpStatusCode.OK, status);
        return pair!;
    }

    /// <summary>Of these refresh tokens, the ones neither used nor superseded, read from the table.</summary>
    private async Task<List<string>> LiveTokensAsync(IEnumerable<string> tokens)
    {
        await using var connection = Database.DataSource.CreateConnection();
        var live = new List<string>();
        foreach (var token in tokens)
        {
            Assert.True(Journal.Api.Auth.RefreshTokenFormat.TryParse(token, out _, out _, out var secret));
            if (await connection.ExecuteScalarAsync<bool>(
                    "SELECT used_at IS NULL AND superseded_at IS NULL FROM refresh_tokens WHERE token_hash = @hash", new { hash = RefreshSecrets.Hash(secret) }))
                live.Add(token);
        }
        return live;
    }

    private async Task<int> RefreshReusesAuditedAsync(JournalClient user)
    {
        await using var connection = Database.DataSource.CreateConnection();
        var userHash = Api.Services.GetRequiredService<Journal.Api.Audit.AuditLog>().Hash(user.UserId.ToString("N"));
        return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM audit_log WHERE event = 'refresh_reuse' AND user_hash = @userHash", new { userHash });
    }

    [Fact]
    public async Task Logout_and_session_revocation_end_access_at_once()
    {
        var user = await JournalClient.RegisterAsync(Api);
        var second = (await (await Api.CreateClient().PostAsJsonAsync("/v1/auth/login", new { login = user.Username, password = JournalClient.Password }))
            .Content.ReadFromJsonAsync<JsonObject>())!;

        var sessions = await user.GetJsonAsync("/v1/auth/sessions");
        Assert.Equal(2, sessions["items"]!.AsArray().Count);
        var other = sessions["items"]!.AsArray().Single(s => !(bool)s!["current"]!)!;
        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.DeleteAsync($"/v1/auth/sessions/{(string)other["id"]!}")).StatusCode);
        var secondClient = Api.CreateClient();
        secondClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)second["accessToken"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await secondClient.GetAsync("/v1/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.PostAsync("/v1/auth/logout", null)).StatusCode);
        var afterLogout = await user.Http.GetAsync("/v1/me");
        await JournalClient.ProblemAsync(afterLogout, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwIn0.c2lnbmF0dXJl")]
    public async Task Missing_or_bad_tokens_are_401_problems(string? token)
    {
        var http = Api.CreateClient();
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        foreach (var path in new[] { "/v1/me", "/v1/me/summary", "/v1/journal/entries", "/v1/checkins", "/v1/auth/sessions" })
            await JournalClient.ProblemAsync(await http.GetAsync(path), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_bootstrap_admin_gets_the_admin_role_and_nobody_else_does()
    {
        var admin = await JournalClient.RegisterAsync(Api, username: "chief_admin");
        var user = await JournalClient.RegisterAsync(Api);

        Assert.Contains("admin", (await admin.GetJsonAsync("/v1/me"))["roles"]!.AsArray().Select(r => (string)r!));
        Assert.DoesNotContain("admin", (await user.GetJsonAsync("/v1/me"))["roles"]!.AsArray().Select(r => (string)r!));
    }

    [Fact]
    public async Task Passwords_and_refresh_tokens_are_stored_only_as_hashes()
    {
        var user = await JournalClient.RegisterAsync(Api);
        await using var connection = Database.DataSource.CreateConnection();

        var hash = await connection.ExecuteScalarAsync<string>("SELECT password_hash FROM users WHERE id = @UserId", new { user.UserId });
        var tokens = (await connection.QueryAsync<byte[]>("SELECT token_hash FROM refresh_tokens")).ToList();

        Assert.DoesNotContain(JournalClient.Password, hash);
        Assert.All(tokens, t => Assert.Equal(32, t.Length));
        Assert.DoesNotContain(tokens, t => System.Text.Encoding.UTF8.GetString(t).Contains(user.RefreshToken.Split('.')[2]));
    }
}
