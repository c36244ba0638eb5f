using System.Collections.Immutable;
using Journal.Api.Accounts;
using Journal.Api.Audit;
using Journal.Api.Http;
using Journal.Api.Limits;
using Journal.Api.OpenApi;
using Journal.Api.Problems;
using Journal.Api.Validation;
using Journal.GrainInterfaces.Accounts;
using Journal.Grains.Accounts;
using Journal.Grains.Activity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Journal.Api.Auth;

/// <summary>Registration, login, refresh-token rotation, logout and sessions (PRODUCT.md §1).</summary>
public static class AuthEndpoints
{
    private const string InvalidCredentials = "The login or password is not correct.";

    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/v1/auth").WithTags("Auth");
        auth.MapPost("/register", RegisterAsync).WithSummary("Register an account").ProducesProblem(StatusCodes.Status409Conflict)
            .WithDescription("Answers the first access and refresh tokens. 409 when the username or email is taken.");
        auth.MapPost("/login", LoginAsync).WithSummary("Log in").ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithDescription("With a username or email. One 401 for an unknown login and a wrong password; 429 login-throttled after repeated failures.");
        auth.MapPost("/refresh", RefreshAsync).WithSummary("Exchange a refresh token for a new pair").ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithDescription("Refresh tokens rotate: each is good once. Reusing an old one ends its whole session (401).");
        auth.MapPost("/logout", LogoutAsync).WithSummary("Log out").RequireAuthorization().WithDescription("Ends the session of the access token.");
        auth.MapGet("/sessions", GetSessionsAsync).WithSummary("List my sessions").RequireAuthorization();
        auth.MapDelete("/sessions/{id:guid}", RevokeSessionAsync).WithSummary("End one of my sessions").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    [Fields(typeof(RegisterFields))]
    public sealed record RegisterRequest(
        string? Username, string? Email, string? Password, string? TimeZone, bool? AcceptTerms, string? TermsVersion, string? PrivacyVersion, bool? DataProcessing);

    [Fields(typeof(LoginFields))]
    public sealed record LoginRequest(string? Login, string? Password);

    [Fields(typeof(RefreshFields))]
    public sealed record RefreshRequest(string? RefreshToken);

    public static class RegisterFields
    {
        public static readonly TextField Username = AccountFields.Username with { Required = true };
        public static readonly TextField Email = AccountFields.Email;
        public static readonly TextField Password = new("password", PasswordPolicy.MaxLength)
        {
            Required = true, MinLength = PasswordPolicy.MinLength,
            Description = "Not a common password, and not containing the username.",
        };
        public static readonly TextField TimeZone = AccountFields.TimeZone with { Required = true };
        public static readonly FlagField AcceptTerms = new("acceptTerms") { Required = true, Description = "Must be true." };
        public static readonly TextField TermsVersion = AccountFields.TermsVersion;
        public static readonly TextField PrivacyVersion = AccountFields.PrivacyVersion;
        public static readonly FlagField DataProcessing = new("dataProcessing") { Description = "Consent to processing health data for insights (default false)." };
    }

    public static class LoginFields
    {
        public static readonly TextField Login = new("login", AccountFields.MaxEmailLength) { Required = true, Description = "The username or the email address." };
        public static readonly TextField Password = new("password", PasswordPolicy.MaxLength) { Required = true };
    }

    public static class RefreshFields
    {
        public static readonly TextField RefreshToken = new("refreshToken", RefreshTokenFormat.MaxLength) { Required = true };
    }

    public sealed record SessionResponse(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, DateTimeOffset ExpiresAt, string? UserAgent, bool Current);

    private static async Task<Results<Created<TokenPair>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterRequest request, HttpContext context, IGrainFactory grains, AccessTokens tokens, AuditLog audit, IConfiguration configuration)
    {
        var validator = new Validator()
            .Text(RegisterFields.Username, request.Username)
            .Text(RegisterFields.Email, request.Email)
            .Text(RegisterFields.TimeZone, request.TimeZone)
            .Text(RegisterFields.TermsVersion, request.TermsVersion)
            .Text(RegisterFields.PrivacyVersion, request.PrivacyVersion)
            .Require(RegisterFields.Password, request.Password is not null);
        // The policy's messages say more than the field's length rule (common, contains the username).
        if (request.Password is not null && PasswordPolicy.Check(request.Password, request.Username) is { } weak) validator.Add("password", weak);
        if (request.TimeZone is { } zone && !ActivityDays.IsKnownZone(zone)) validator.Add("timeZone", "Use an IANA time zone such as Europe/Paris.");
        if (request.AcceptTerms != true) validator.Add("acceptTerms", "The terms must be accepted.");
        if (!validator.IsValid) return validator.Problem();

        var bootstrapAdmin = configuration[BootstrapAdmin.ConfigurationKey];
        var roles = string.Equals(request.Username, bootstrapAdmin, StringComparison.OrdinalIgnoreCase)
            ? ImmutableList.Create(Roles.User, Roles.Admin)
            : ImmutableList.Create(Roles.User);
        var registration = new Registration(request.Username!, request.Email, Passwords.Hash(request.Password!), request.TimeZone!,
            request.TermsVersion!, request.PrivacyVersion!, request.DataProcessing ?? false, roles, UserAgent(context));
        // A clash of the random pseudonym (rare) is retried under a new user id, with a new pseudonym.
        Guid userId;
        RegistrationResult result;
        var attempts = 0;
        do
        {
            userId = Guid.NewGuid();
            result = await grains.GetGrain<IUserGrain>(userId).RegisterAsync(registration);
        } while (result.Status == RegistrationStatus.PseudonymTaken && ++attempts < 3);
        switch (result.Status)
        {
            case RegistrationStatus.UsernameTaken:
                return ProblemResults.Conflict("This username is taken.");
            case RegistrationStatus.EmailTaken:
                return ProblemResults.Conflict("An account with this email address exists.");
            case RegistrationStatus.Created:
                await audit.RecordAsync(AuditEvents.Register, userId, context);
                if (roles.Contains(Roles.Admin)) await audit.RecordAsync(AuditEvents.RoleChange, userId, context, new { role = Roles.Admin, by = "bootstrap" });
                return TypedResults.Created("/v1/me", tokens.Issue(result.Session!));
            default:
                throw new InvalidOperationException($"Registration did not complete ({result.Status}).");
        }
    }

    private static async Task<Results<Ok<TokenPair>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request, HttpContext context, IGrainFactory grains, AccountDirectory directory, AccessTokens tokens, LoginThrottle throttle, AuditLog audit)
    {
        var validator = new Validator().Text(LoginFields.Login, request.Login).Text(LoginFields.Password, request.Password);
        if (!validator.IsValid) return validator.Problem();

        var login = request.Login!.Trim();
        var address = context.Connection.RemoteIpAddress?.ToString();
        // Throttled per login as typed: keying by the account it names would answer 429 for the
        // email of a throttled username, telling anyone which email belongs to which username.
        var account = login;
        var attempt = await throttle.TryBeginAsync(account, address);
        if (!attempt.Allowed)
        {
            await audit.RecordAsync(AuditEvents.LoginThrottled, null, context);
            return Throttled(context, attempt.RetryAfter, "Too many failed logins. Wait before trying again (see Retry-After).");
        }

        var userId = await directory.FindAsync(login);
        SessionGrant? session = null;
        if (userId is { } id) session = await grains.GetGrain<IUserGrain>(id).LoginAsync(request.Password!, UserAgent(context));
        else Passwords.VerifyDecoy(request.Password!);
        if (session is null)
        {
            await audit.RecordAsync(AuditEvents.LoginFailed, userId, context);
            return ProblemResults.Unauthorized(InvalidCredentials);
        }
        await throttle.SucceededAsync(account, address, attempt);
        await audit.RecordAsync(AuditEvents.Login, session.UserId, context);
        return TypedResults.Ok(tokens.Issue(session));
    }

    /// <summary>A 429 problem telling the client how long to wait.</summary>
    public static ProblemHttpResult Throttled(HttpContext context, TimeSpan wait, string detail)
    {
        RetryAfter.Set(context.Response, wait);
        return ProblemResults.Create(StatusCodes.Status429TooManyRequests, ProblemTypes.LoginThrottled, detail);
    }

    private static async Task<Results<Ok<TokenPair>, ValidationProblem, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request, HttpContext context, IGrainFactory grains, AccessTokens tokens, AuditLog audit)
    {
        var validator = new Validator().Text(RefreshFields.RefreshToken, request.RefreshToken);
        if (!validator.IsValid) return validator.Problem();
        if (!RefreshTokenFormat.TryParse(request.RefreshToken, out var userId, out var sessionId, out var secret))
            return ProblemResults.Unauthorized("The refresh token is not valid.");

        var result = await grains.GetGrain<IUserGrain>(userId).RefreshAsync(sessionId, secret);
        switch (result.Status)
        {
            case RefreshStatus.Rotated:
                return TypedResults.Ok(tokens.Issue(result.Session!));
            case RefreshStatus.Reused:
                await audit.RecordAsync(AuditEvents.RefreshReuse, userId, context, new { session = audit.Hash(sessionId.ToString("N")) });
                return ProblemResults.Unauthorized("This refresh token was already used; the session has been ended. Log in again.");
            default:
                return ProblemResults.Unauthorized("The refresh token is not valid.");
        }
    }

    private static async Task<NoContent> LogoutAsync(HttpContext context, IGrainFactory grains, AuditLog audit)
    {
        var userId = context.User.GetUserId();
        var sessionId = context.User.GetSessionId();
        await grains.GetGrain<IUserGrain>(userId).RevokeSessionAsync(sessionId, "logout");
        await audit.RecordAsync(AuditEvents.Logout, userId, context);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ItemsResponse<SessionResponse>>> GetSessionsAsync(HttpContext context, IGrainFactory grains)
    {
        var current = context.User.GetSessionId();
        var sessions = await grains.GetGrain<IUserGrain>(context.User.GetUserId()).GetSessionsAsync();
        return TypedResults.Ok(new ItemsResponse<SessionResponse>(
            [.. sessions.Select(s => new SessionResponse(s.Id, s.CreatedAt, s.LastUsedAt, s.ExpiresAt, s.UserAgent, s.Id == current))]));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeSessionAsync(
        Guid id, HttpContext context, IGrainFactory grains, AuditLog audit)
    {
        var userId = context.User.GetUserId();
        if (!await grains.GetGrain<IUserGrain>(userId).RevokeSessionAsync(id, "revoked by the user")) return ProblemResults.NotFound("No such session.");
        await audit.RecordAsync(AuditEvents.SessionRevoked, userId, context, new { session = audit.Hash(id.ToString("N")) });
        return TypedResults.NoContent();
    }

    private static string? UserAgent(HttpContext context) => context.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null;
}
