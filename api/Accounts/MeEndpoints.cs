using Journal.Api.Audit;
using Journal.Api.Auth;
using Journal.Api.Community;
using Journal.Api.OpenApi;
using Journal.Api.Problems;
using Journal.Api.Progress;
using Journal.Api.Validation;
using Journal.GrainInterfaces.Accounts;
using Journal.GrainInterfaces.Community;
using Journal.GrainInterfaces.Habits;
using Journal.GrainInterfaces.Insights;
using Journal.GrainInterfaces.Journal;
using Journal.GrainInterfaces.Mood;
using Journal.GrainInterfaces.Notifications;
using Journal.GrainInterfaces.Progress;
using Journal.GrainInterfaces.Reminders;
using Journal.Grains.Activity;
using Journal.Grains.Realtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Journal.Api.Accounts;

/// <summary>The caller's profile, settings, consent, export and deletion (PRODUCT.md §1).</summary>
public static class MeEndpoints
{
    public static void MapMeEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/v1/me").WithTags("Me").RequireAuthorization().ProducesSignedInProblems();
        me.MapGet("", GetProfileAsync).ProducesProblem(StatusCodes.Status404NotFound);
        me.MapPatch("", UpdateProfileAsync);
        me.MapGet("/settings", GetSettingsAsync);
        me.MapPut("/settings", UpdateSettingsAsync);
        me.MapGet("/consent", GetConsentAsync);
        me.MapPut("/consent", UpdateConsentAsync);
        me.MapGet("/export", ExportAsync).ProducesProblem(StatusCodes.Status404NotFound);
        me.MapDelete("", DeleteAsync).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
    }

    public sealed record ProfileResponse(
        Guid UserId, string Username, string? Email, string Pseudonym, string? DisplayName, string? Bio, string TimeZone, string Language,
        string Theme, IReadOnlyList<string> Roles, bool IsPremium, DateTimeOffset CreatedAt)
    {
        public static ProfileResponse From(UserProfile p) =>
            new(p.UserId, p.Username, p.Email, p.Pseudonym, p.DisplayName, p.Bio, p.TimeZone, p.Language, p.Theme, p.Roles, p.IsPremium, p.CreatedAt);
    }

    public sealed record ProfilePatch(string? DisplayName, string? Bio, string? TimeZone, string? Language, string? Theme);

    public sealed record NotificationsBody(bool? DailyTip, bool? CommunityActivity, bool? WeeklyInsights, bool? MonthlyInsights, bool? ReminderToWrite);

    public sealed record SettingsBody(int? DayStartHour, bool? PrivateMode, bool? Discoverable, NotificationsBody? Notifications);

    public sealed record ConsentBody(string? TermsVersion, string? PrivacyVersion, bool? DataProcessing, bool? Marketing);

    public sealed record DeleteBody(string? Password, bool? DeleteCommunityContent);

    public sealed record ExportDocument(
        DateTimeOffset ExportedAt, AccountExport Account, IReadOnlyList<JournalEntry> JournalEntries, IReadOnlyList<CheckIn> CheckIns,
        IReadOnlyList<AiUsage> AiUsage, StreakView Streak, GardenView Garden, IReadOnlyList<Notification> Notifications,
        IReadOnlyList<HabitExport> Habits, IReadOnlyList<Reminder> Reminders, InsightsExport Insights, CommunityExportView? Community);

    private static readonly string[] s_themes = ["light", "dark", "system"];

    private static async Task<Results<Ok<ProfileResponse>, ProblemHttpResult>> GetProfileAsync(HttpContext context, IGrainFactory grains) =>
        await grains.GetGrain<IUserGrain>(context.User.GetUserId()).GetProfileAsync() is { } profile
            ? TypedResults.Ok(ProfileResponse.From(profile))
            : ProblemResults.NotFound("The account does not exist.");

    private static async Task<Results<Ok<ProfileResponse>, ValidationProblem>> UpdateProfileAsync(ProfilePatch patch, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator()
            .Text("displayName", patch.DisplayName, 100)
            .Text("bio", patch.Bio, 500)
            .Text("timeZone", patch.TimeZone, 64)
            .Text("language", patch.Language, 10)
            .Text("theme", patch.Theme, 10);
        if (patch.TimeZone is { } zone && !ActivityDays.IsKnownZone(zone)) validator.Add("timeZone", "Use an IANA time zone such as Europe/Paris.");
        if (patch.Language is { } language && !AccountRules.IsValidLanguage(language)) validator.Add("language", "Use a language tag such as en or pt-BR.");
        if (patch.Theme is { } theme && !s_themes.Contains(theme)) validator.Add("theme", "The theme is light, dark or system.");
        if (!validator.IsValid) return validator.Problem();
        var profile = await grains.GetGrain<IUserGrain>(context.User.GetUserId())
            .UpdateProfileAsync(new ProfileChange(patch.DisplayName, patch.Bio, patch.TimeZone, patch.Language, patch.Theme));
        return TypedResults.Ok(ProfileResponse.From(profile));
    }

    private static async Task<Ok<UserSettings>> GetSettingsAsync(HttpContext context, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IUserGrain>(context.User.GetUserId()).GetSettingsAsync());

    private static async Task<Results<Ok<UserSettings>, ValidationProblem>> UpdateSettingsAsync(SettingsBody body, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator().Range("dayStartHour", body.DayStartHour, 0, ActivityDays.MaxDayStartHour, required: true);
        if (body.PrivateMode is null) validator.Add("privateMode", "'privateMode' is required.");
        if (body.Discoverable is null) validator.Add("discoverable", "'discoverable' is required.");
        var n = body.Notifications;
        if (n is null) validator.Add("notifications", "'notifications' is required.");
        else
        {
            foreach (var (field, value) in new[] { ("dailyTip", n.DailyTip), ("communityActivity", n.CommunityActivity), ("weeklyInsights", n.WeeklyInsights),
                         ("monthlyInsights", n.MonthlyInsights), ("reminderToWrite", n.ReminderToWrite) })
                if (value is null) validator.Add("notifications." + field, $"'notifications.{field}' is required.");
        }
        if (!validator.IsValid) return validator.Problem();
        var settings = new UserSettings(body.DayStartHour!.Value, body.PrivateMode!.Value, body.Discoverable!.Value,
            new NotificationSettings(n!.DailyTip!.Value, n.CommunityActivity!.Value, n.WeeklyInsights!.Value, n.MonthlyInsights!.Value, n.ReminderToWrite!.Value));
        return TypedResults.Ok(await grains.GetGrain<IUserGrain>(context.User.GetUserId()).UpdateSettingsAsync(settings));
    }

    private static async Task<Ok<UserConsent>> GetConsentAsync(HttpContext context, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IUserGrain>(context.User.GetUserId()).GetConsentAsync());

    private static async Task<Results<Ok<UserConsent>, ValidationProblem>> UpdateConsentAsync(ConsentBody body, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator().Text("termsVersion", body.TermsVersion, 20, required: true).Text("privacyVersion", body.PrivacyVersion, 20, required: true);
        if (body.DataProcessing is null) validator.Add("dataProcessing", "'dataProcessing' is required.");
        if (body.Marketing is null) validator.Add("marketing", "'marketing' is required.");
        if (!validator.IsValid) return validator.Problem();
        return TypedResults.Ok(await grains.GetGrain<IUserGrain>(context.User.GetUserId())
            .UpdateConsentAsync(new ConsentChange(body.TermsVersion!, body.PrivacyVersion!, body.DataProcessing!.Value, body.Marketing!.Value)));
    }

    private static async Task<Results<Ok<ExportDocument>, ProblemHttpResult>> ExportAsync(HttpContext context, IGrainFactory grains, AuditLog audit)
    {
        var userId = context.User.GetUserId();
        var user = grains.GetGrain<IUserGrain>(userId);
        if (await user.ExportAsync() is not { } account || await ProgressEndpoints.TodayAsync(context, grains, userId) is not { } today)
            return ProblemResults.NotFound("The account does not exist.");
        var journal = await grains.GetGrain<IJournalGrain>(userId).ExportAsync();
        var mood = await grains.GetGrain<IMoodGrain>(userId).ExportAsync();
        var habits = await grains.GetGrain<IHabitGrain>(userId).ExportAsync();
        var reminders = await grains.GetGrain<IReminderGrain>(userId).ExportAsync();
        var progress = grains.GetGrain<IProgressGrain>(userId);
        await audit.RecordAsync(AuditEvents.Export, userId, context);
        return TypedResults.Ok(new ExportDocument(DateTimeOffset.UtcNow, account, journal, mood.CheckIns, mood.AiUsage,
            await progress.GetStreakAsync(today), await progress.GetGardenAsync(today), await grains.GetGrain<INotificationGrain>(userId).ExportAsync(),
            habits, reminders, await grains.GetGrain<IInsightsGrain>(userId).ExportAsync(), CommunityExportView.From(await grains.GetGrain<IMemberGrain>(userId).ExportAsync())));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        [FromBody] DeleteBody body, HttpContext context, IGrainFactory grains, AuditLog audit, LoginThrottle throttle, IUserUpdates updates)
    {
        var validator = new Validator().Text("password", body.Password, 1024, required: true);
        if (!validator.IsValid) return validator.Problem();
        var userId = context.User.GetUserId();
        // A stolen access token must not become a way to guess the password: the login's limits apply.
        var address = context.Connection.RemoteIpAddress?.ToString();
        var attempt = await throttle.TryBeginAsync(userId.ToString(), address);
        if (!attempt.Allowed)
            return AuthEndpoints.Throttled(context, attempt.RetryAfter, "Too many wrong passwords. Wait before trying again (see Retry-After).");
        DeletionResult result;
        try
        {
            result = await grains.GetGrain<IUserGrain>(userId).DeleteAccountAsync(body.Password!, body.DeleteCommunityContent ?? false);
        }
        catch
        {
            // The deletion may have committed before it failed: no live connection may outlast it.
            await updates.CloseSessionsAsync(userId, sessionId: null);
            throw;
        }
        switch (result)
        {
            case DeletionResult.Deleted:
                await throttle.SucceededAsync(userId.ToString(), address, attempt);
                await audit.RecordAsync(AuditEvents.Deletion, userId, context);
                return TypedResults.NoContent();
            case DeletionResult.WrongPassword:
                await audit.RecordAsync(AuditEvents.DeletionRefused, userId, context);
                return ProblemResults.Forbidden("The password is not correct; the account was not deleted.");
            default:
                return ProblemResults.NotFound("The account does not exist.");
        }
    }
}
