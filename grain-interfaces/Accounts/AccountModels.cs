using System.Collections.Immutable;
using Journal.GrainInterfaces.Limits;

namespace Journal.GrainInterfaces.Accounts;

/// <summary>A validated registration; the password is already hashed by the caller.</summary>
[GenerateSerializer, Immutable, Alias("journal.Registration")]
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
[GenerateSerializer, Alias("journal.RegistrationStatus")]
public enum RegistrationStatus { Created, UsernameTaken, EmailTaken, PseudonymTaken, AlreadyRegistered }

[GenerateSerializer, Immutable, Alias("journal.RegistrationResult")]
public sealed record RegistrationResult(RegistrationStatus Status, SessionGrant? Session);

/// <summary>An opened or refreshed session: the caller mints the access token from it.</summary>
[GenerateSerializer, Immutable, Alias("journal.SessionGrant")]
public sealed record SessionGrant(Guid UserId, Guid SessionId, string RefreshSecret, ImmutableList<string> Roles);

[GenerateSerializer, Alias("journal.RefreshStatus")]
public enum RefreshStatus { Rotated, Invalid, Reused }

[GenerateSerializer, Immutable, Alias("journal.RefreshResult")]
public sealed record RefreshResult(RefreshStatus Status, SessionGrant? Session);

[GenerateSerializer, Immutable, Alias("journal.AccessCheck")]
/// <summary>
/// Who a request's caller is: their roles, and their clock, so the request needs no second call to date
/// its work; <paramref name="Quota"/> is what was taken from their allowance, when the check took any.
/// A node may answer later requests of the session from it until <paramref name="SessionExpiresAt"/>,
/// while the silo that answered (<paramref name="CheckedOn"/>, the account grain's) is alive.
/// </summary>
public sealed record AccessCheck(
    Guid UserId, ImmutableList<string> Roles, UserClock Clock, QuotaTake? Quota, DateTimeOffset SessionExpiresAt, SiloAddress CheckedOn);

[GenerateSerializer, Immutable, Alias("journal.SessionInfo")]
public sealed record SessionInfo(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, DateTimeOffset ExpiresAt, string? UserAgent);

[GenerateSerializer, Immutable, Alias("journal.UserProfile")]
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
[GenerateSerializer, Immutable, Alias("journal.ProfileChange")]
public sealed record ProfileChange(string? DisplayName, string? Bio, string? TimeZone, string? Language, string? Theme);

/// <summary>Who a member is in the community: their pseudonym, since when, and their roles.</summary>
[GenerateSerializer, Immutable, Alias("journal.CommunityIdentity")]
public sealed record CommunityIdentity(string Pseudonym, DateTimeOffset CreatedAt, ImmutableList<string> Roles);

[GenerateSerializer, Immutable, Alias("journal.UserClock")]
public sealed record UserClock(string TimeZone, int DayStartHour, bool PrivateMode, bool DataProcessing);

[GenerateSerializer, Immutable, Alias("journal.NotificationSettings")]
public sealed record NotificationSettings(bool DailyTip, bool CommunityActivity, bool WeeklyInsights, bool MonthlyInsights, bool ReminderToWrite);

[GenerateSerializer, Immutable, Alias("journal.UserSettings")]
public sealed record UserSettings(int DayStartHour, bool PrivateMode, bool Discoverable, NotificationSettings Notifications)
{
    public static readonly UserSettings Default = new(0, false, false, new NotificationSettings(true, true, true, true, false));
}

[GenerateSerializer, Immutable, Alias("journal.UserConsent")]
public sealed record UserConsent(
    string TermsVersion,
    DateTimeOffset TermsAcceptedAt,
    string PrivacyVersion,
    DateTimeOffset PrivacyAcceptedAt,
    bool DataProcessing,
    bool Marketing,
    DateTimeOffset UpdatedAt);

[GenerateSerializer, Immutable, Alias("journal.ConsentChange")]
public sealed record ConsentChange(string TermsVersion, string PrivacyVersion, bool DataProcessing, bool Marketing);

[GenerateSerializer, Immutable, Alias("journal.AccountExport")]
public sealed record AccountExport(UserProfile Profile, UserSettings Settings, UserConsent Consent, ImmutableList<SessionInfo> Sessions, DateTimeOffset? LastLoginAt);

[GenerateSerializer, Alias("journal.DeletionResult")]
public enum DeletionResult { Deleted, WrongPassword, NotFound }
