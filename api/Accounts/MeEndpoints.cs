using Journal.Api.Attachments;
using Journal.Api.Audit;
using Journal.Api.Auth;
using Journal.Api.Community;
using Journal.Api.Journal;
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
        var me = app.MapGroup("/v1/me").WithTags("Me").RequireAuthorization();
        me.MapGet("", GetProfileAsync).WithSummary("Get my profile").ProducesProblem(StatusCodes.Status404NotFound);
        me.MapPatch("", UpdateProfileAsync).WithSummary("Change my profile").WithDescription("Changes the fields sent.");
        me.MapGet("/settings", GetSettingsAsync).WithSummary("Get my settings");
        me.MapPut("/settings", UpdateSettingsAsync).WithSummary("Replace my settings");
        me.MapGet("/consent", GetConsentAsync).WithSummary("Get my consent");
        me.MapPut("/consent", UpdateConsentAsync).WithSummary("Replace my consent")
            .WithDescription("Without dataProcessing consent no insights are computed (insight routes answer 403 consent-required).");
        me.MapGet("/export", ExportAsync).WithSummary("Export everything held about me").ProducesProblem(StatusCodes.Status404NotFound).AcceptsSecretUnlocks()
            .WithDescription("One document: the account, private text decrypted, progress, habits, reminders, insights, community posts and moderation history. "
                + "Entries under a secret tag are included only with the tag's unlock; secretTags.withheldEntries counts the others.");
        me.MapDelete("", DeleteAsync).WithSummary("Delete my account").ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("Needs the password (403 when wrong; throttled like logins). Private data is erased; community posts stay under the pseudonym "
                + "without a link to the account unless deleteCommunityContent is true.");
    }

    public sealed record ProfileResponse(
        Guid UserId, string Username, string? Email, string Pseudonym, string? DisplayName, string? Bio, string TimeZone, string Language,
        string Theme, IReadOnlyList<string> Roles, bool IsPremium, DateTimeOffset CreatedAt)
    {
        public static ProfileResponse From(UserProfile p) =>
            new(p.UserId, p.Username, p.Email, p.Pseudonym, p.DisplayName, p.Bio, p.TimeZone, p.Language, p.Theme, p.Roles, p.IsPremium, p.CreatedAt);
    }

    [Fields(typeof(ProfileFields))]
    public sealed record ProfilePatch(string? DisplayName, string? Bio, string? TimeZone, string? Language, string? Theme);

    [Fields(typeof(NotificationFields))]
    public sealed record NotificationsBody(bool? DailyTip, bool? CommunityActivity, bool? WeeklyInsights, bool? MonthlyInsights, bool? ReminderToWrite);

    [Fields(typeof(SettingsFields))]
    public sealed record SettingsBody(int? DayStartHour, bool? PrivateMode, bool? Discoverable, NotificationsBody? Notifications);

    [Fields(typeof(ConsentFields))]
    public sealed record ConsentBody(string? TermsVersion, string? PrivacyVersion, bool? DataProcessing, bool? Marketing);

    [Fields(typeof(DeleteFields))]
    public sealed record DeleteBody(string? Password, bool? DeleteCommunityContent);

    public static class ProfileFields
    {
        public static readonly TextField DisplayName = AccountFields.DisplayName;
        public static readonly TextField Bio = AccountFields.Bio;
        public static readonly TextField TimeZone = AccountFields.TimeZone;
        public static readonly TextField Language = AccountFields.Language;
        public static readonly ChoiceField Theme = AccountFields.Theme;
    }

    public static class SettingsFields
    {
        public static readonly IntegerField DayStartHour = new("dayStartHour", 0, ActivityDays.MaxDayStartHour)
        {
            Required = true, Description = "The day ends this many hours after local midnight (for streaks).",
        };
        public static readonly FlagField PrivateMode = new("privateMode") { Required = true, Description = "While on, no insights are computed and peers are not matched." };
        public static readonly FlagField Discoverable = new("discoverable") { Required = true, Description = "Whether peer matching may suggest me to others." };
        public static readonly ObjectField Notifications = new("notifications") { Required = true };
    }

    /// <summary>The notification switches; the validator names them notifications.dailyTip and so on.</summary>
    public static class NotificationFields
    {
        public static readonly FlagField DailyTip = new("dailyTip") { Required = true };
        public static readonly FlagField CommunityActivity = new("communityActivity") { Required = true };
        public static readonly FlagField WeeklyInsights = new("weeklyInsights") { Required = true };
        public static readonly FlagField MonthlyInsights = new("monthlyInsights") { Required = true };
        public static readonly FlagField ReminderToWrite = new("reminderToWrite") { Required = true };
    }

    public static class ConsentFields
    {
        public static readonly TextField TermsVersion = AccountFields.TermsVersion;
        public static readonly TextField PrivacyVersion = AccountFields.PrivacyVersion;
        public static readonly FlagField DataProcessing = new("dataProcessing") { Required = true, Description = "Consent to processing health data for insights." };
        public static readonly FlagField Marketing = new("marketing") { Required = true };
    }

    public static class DeleteFields
    {
        public static readonly TextField Password = new("password", PasswordPolicy.MaxLength) { Required = true };
        public static readonly FlagField DeleteCommunityContent = new("deleteCommunityContent") { Description = "Also delete my community posts and comments (default false)." };
    }

    public sealed record ExportDocument(
        DateTimeOffset ExportedAt, AccountExport Account, IReadOnlyList<JournalEntry> JournalEntries, IReadOnlyList<CheckIn> CheckIns,
        IReadOnlyList<AiUsage> AiUsage, StreakView Streak, GardenView Garden, IReadOnlyList<Notification> Notifications,
        IReadOnlyList<HabitExport> Habits, IReadOnlyList<Reminder> Reminders, InsightsExport Insights, CommunityExportView? Community,
        SecretTagsExport SecretTags, IReadOnlyList<AttachmentExport> Attachments);

    /// <summary>The secret tags (names and colours), and how many entries stayed out of the export because their tag was not unlocked.</summary>
    public sealed record SecretTagsExport(IReadOnlyList<SecretTag> Tags, int WithheldEntries);

    private static async Task<Results<Ok<ProfileResponse>, ProblemHttpResult>> GetProfileAsync(HttpContext context, IGrainFactory grains) =>
        await grains.GetGrain<IUserGrain>(context.User.GetUserId()).GetProfileAsync() is { } profile
            ? TypedResults.Ok(ProfileResponse.From(profile))
            : ProblemResults.NotFound("The account does not exist.");

    private static async Task<Results<Ok<ProfileResponse>, ValidationProblem>> UpdateProfileAsync(ProfilePatch patch, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator()
            .Text(ProfileFields.DisplayName, patch.DisplayName)
            .Text(ProfileFields.Bio, patch.Bio)
            .Text(ProfileFields.TimeZone, patch.TimeZone)
            .Text(ProfileFields.Language, patch.Language);
        var theme = validator.Choice(ProfileFields.Theme, patch.Theme);
        if (patch.TimeZone is { } zone && !ActivityDays.IsKnownZone(zone)) validator.Add("timeZone", "Use an IANA time zone such as Europe/Paris.");
        if (!validator.IsValid) return validator.Problem();
        var profile = await grains.GetGrain<IUserGrain>(context.User.GetUserId())
            .UpdateProfileAsync(new ProfileChange(patch.DisplayName, patch.Bio, patch.TimeZone, patch.Language, theme));
        return TypedResults.Ok(ProfileResponse.From(profile));
    }

    private static async Task<Ok<UserSettings>> GetSettingsAsync(HttpContext context, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IUserGrain>(context.User.GetUserId()).GetSettingsAsync());

    private static async Task<Results<Ok<UserSettings>, ValidationProblem>> UpdateSettingsAsync(SettingsBody body, HttpContext context, IGrainFactory grains)
    {
        var validator = new Validator()
            .Integer(SettingsFields.DayStartHour, body.DayStartHour)
            .Require(SettingsFields.PrivateMode, body.PrivateMode is not null)
            .Require(SettingsFields.Discoverable, body.Discoverable is not null)
            .Require(SettingsFields.Notifications, body.Notifications is not null);
        var n = body.Notifications;
        if (n is not null)
        {
            foreach (var (field, value) in new[] { (NotificationFields.DailyTip, n.DailyTip), (NotificationFields.CommunityActivity, n.CommunityActivity),
                         (NotificationFields.WeeklyInsights, n.WeeklyInsights), (NotificationFields.MonthlyInsights, n.MonthlyInsights),
                         (NotificationFields.ReminderToWrite, n.ReminderToWrite) })
                validator.Require(field with { Name = "notifications." + field.Name }, value is not null);
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
        var validator = new Validator()
            .Text(ConsentFields.TermsVersion, body.TermsVersion)
            .Text(ConsentFields.PrivacyVersion, body.PrivacyVersion)
            .Require(ConsentFields.DataProcessing, body.DataProcessing is not null)
            .Require(ConsentFields.Marketing, body.Marketing is not null);
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
        var journal = await grains.GetGrain<IJournalGrain>(userId).ExportAsync(SecretUnlockHeader.Read(context));
        var mood = await grains.GetGrain<IMoodGrain>(userId).ExportAsync();
        var habits = await grains.GetGrain<IHabitGrain>(userId).ExportAsync(RequestAccess.Clock(context));
        var reminders = await grains.GetGrain<IReminderGrain>(userId).ExportAsync();
        var progress = grains.GetGrain<IProgressGrain>(userId);
        await audit.RecordAsync(AuditEvents.Export, userId, context);
        return TypedResults.Ok(new ExportDocument(DateTimeOffset.UtcNow, account, journal.Entries, mood.CheckIns, mood.AiUsage,
            await progress.GetStreakAsync(today), await progress.GetGardenAsync(today), await grains.GetGrain<INotificationGrain>(userId).ExportAsync(),
            habits, reminders, await grains.GetGrain<IInsightsGrain>(userId).ExportAsync(), CommunityExportView.From(await grains.GetGrain<IMemberGrain>(userId).ExportAsync()),
            new SecretTagsExport(journal.SecretTags, journal.WithheldEntries),
            await AttachmentExport.ListAsync(grains, userId, journal.Entries.Select(entry => entry.Id))));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        [FromBody] DeleteBody body, HttpContext context, IGrainFactory grains, AuditLog audit, LoginThrottle throttle, IUserUpdates updates)
    {
        var validator = new Validator().Text(DeleteFields.Password, body.Password);
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
