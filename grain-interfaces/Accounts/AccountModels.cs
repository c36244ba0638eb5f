using System.Collections.Immutable;

namespace Journal.GrainInterfaces.Accounts;

/// <summary>A validated registration; the password is already hashed by the caller.</summary>
public sealed record Registration(
    string Username,
    string? Email,
    string PasswordHash,
    string TimeZone,
    string TermsVersion,
    string PrivacyVersion,
    bool DataProcessing,
    ImmutableList<string> Roles,
    string? UserAgent);

/// <summary><see cref="RegistrationStatus.PseudonymTaken"/>: the random pseudonym was taken; register again under a new user id.</summary>
public enum RegistrationStatus { Created, UsernameTaken, EmailTaken, PseudonymTaken, AlreadyRegistered }

public sealed record RegistrationResult(RegistrationStatus Status, SessionGrant? Session);

/// <summary>An opened or refreshed session: the caller mints the access token from it.</summary>
public sealed record SessionGrant(Guid UserId, Guid SessionId, string RefreshSecret, ImmutableList<string> Roles);

public enum RefreshStatus { Rotated, Invalid, Reused }

public sealed record RefreshResult(RefreshStatus Status, SessionGrant? Session);

public sealed record AccessCheck(Guid UserId, ImmutableList<string> Roles);

public sealed record SessionInfo(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, DateTimeOffset ExpiresAt, string? UserAgent);

public sealed record UserProfile(
    Guid UserId,
    string Username,
    string? Email,
    string Pseudonym,
    string? DisplayName,
    string? Bio,
    string TimeZone,
    string Language,
    string Theme,
    ImmutableList<string> Roles,
    bool IsPremium,
    DateTimeOffset CreatedAt);

/// <summary>A partial profile update: null leaves a field as it is; an empty string clears displayName or bio.</summary>
public sealed record ProfileChange(string? DisplayName, string? Bio, string? TimeZone, string? Language, string? Theme);

/// <summary>Who a member is in the community: their pseudonym, since when, and their roles.</summary>
public sealed record CommunityIdentity(string Pseudonym, DateTimeOffset CreatedAt, ImmutableList<string> Roles);

public sealed record UserClock(string TimeZone, int DayStartHour, bool PrivateMode, bool DataProcessing);

public sealed record NotificationSettings(bool DailyTip, bool CommunityActivity, bool WeeklyInsights, bool MonthlyInsights, bool ReminderToWrite);

public sealed record UserSettings(int DayStartHour, bool PrivateMode, bool Discoverable, NotificationSettings Notifications)
{
    public static readonly UserSettings Default = new(0, false, false, new NotificationSettings(true, true, true, true, false));
}

public sealed record UserConsent(
    string TermsVersion,
    DateTimeOffset TermsAcceptedAt,
    string PrivacyVersion,
    DateTimeOffset PrivacyAcceptedAt,
    bool DataProcessing,
    bool Marketing,
    DateTimeOffset UpdatedAt);

public sealed record ConsentChange(string TermsVersion, string PrivacyVersion, bool DataProcessing, bool Marketing);

public sealed record AccountExport(UserProfile Profile, UserSettings Settings, UserConsent Consent, ImmutableList<SessionInfo> Sessions, DateTimeOffset? LastLoginAt);

public enum DeletionResult { Deleted, WrongPassword, NotFound }
