using System.Collections.Immutable;
using Journal.GrainInterfaces.Accounts;

namespace Journal.Grains.Accounts;

/// <summary>The users row as the account grain holds it in memory.</summary>
internal sealed record AccountRecord
{
    /// <summary>The account, its settings, its consent and its live sessions, in one round trip.</summary>
    public const string LoadSql =
        """
        SELECT id, username, email, password_hash, pseudonym, display_name, bio, time_zone, language, theme, roles, is_premium,
               created_at, updated_at, last_login_at, deleted_at, delete_community_content
        FROM users WHERE id = @UserId;
        SELECT day_start_hour, private_mode, discoverable, notify_daily_tip, notify_community_activity, notify_weekly_insights,
               notify_monthly_insights, notify_reminder_to_write
        FROM user_settings WHERE user_id = @UserId;
        SELECT terms_version, terms_accepted_at, privacy_version, privacy_accepted_at, data_processing, marketing, updated_at
        FROM user_consents WHERE user_id = @UserId;
        SELECT id, created_at, last_used_at, expires_at, user_agent
        FROM user_sessions WHERE user_id = @UserId AND revoked_at IS NULL AND expires_at > now();
        """;

    public Guid Id { get; init; }
    public string? Username { get; init; }
    public string? Email { get; init; }
    public string? PasswordHash { get; init; }
    public string Pseudonym { get; init; } = "";
    public string? DisplayName { get; init; }
    public string? Bio { get; init; }
    public string TimeZone { get; init; } = "UTC";
    public string Language { get; init; } = "en";
    public string Theme { get; init; } = "system";
    public ImmutableList<string> Roles { get; init; } = [];
    public bool IsPremium { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? LastLoginAt { get; init; }
    public DateTimeOffset? DeletedAt { get; init; }
    public bool DeleteCommunityContent { get; init; }

    public UserProfile ToProfile() =>
        new(Id, Username!, Email, Pseudonym, DisplayName, Bio, TimeZone, Language, Theme, Roles, IsPremium, CreatedAt);
}

/// <summary>The user_settings row.</summary>
internal sealed class SettingsRow
{
    public short DayStartHour { get; init; }
    public bool PrivateMode { get; init; }
    public bool Discoverable { get; init; }
    public bool NotifyDailyTip { get; init; }
    public bool NotifyCommunityActivity { get; init; }
    public bool NotifyWeeklyInsights { get; init; }
    public bool NotifyMonthlyInsights { get; init; }
    public bool NotifyReminderToWrite { get; init; }

    public UserSettings ToSettings() => new(DayStartHour, PrivateMode, Discoverable,
        new NotificationSettings(NotifyDailyTip, NotifyCommunityActivity, NotifyWeeklyInsights, NotifyMonthlyInsights, NotifyReminderToWrite));
}

/// <summary>The user_consents row.</summary>
internal sealed class ConsentRow
{
    public string TermsVersion { get; init; } = "";
    public DateTimeOffset TermsAcceptedAt { get; init; }
    public string PrivacyVersion { get; init; } = "";
    public DateTimeOffset PrivacyAcceptedAt { get; init; }
    public bool DataProcessing { get; init; }
    public bool Marketing { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public UserConsent ToConsent() => new(TermsVersion, TermsAcceptedAt, PrivacyVersion, PrivacyAcceptedAt, DataProcessing, Marketing, UpdatedAt);
}

/// <summary>A user_sessions row.</summary>
internal sealed class SessionRow
{
    public Guid Id { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastUsedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public string? UserAgent { get; init; }

    public SessionInfo ToSession() => new(Id, CreatedAt, LastUsedAt, ExpiresAt, UserAgent);
}
