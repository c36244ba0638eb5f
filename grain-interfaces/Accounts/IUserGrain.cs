using System.Collections.Immutable;
using Journal.GrainInterfaces.Limits;
using Orleans.Concurrency;

namespace Journal.GrainInterfaces.Accounts;

/// <summary>
/// One account (key = user id): credentials, sessions and refresh tokens, profile, settings, consent
/// and roles. The single writer of the users, user_settings, user_consents, user_keys, user_sessions
/// and refresh_tokens rows of its user; everything but refresh tokens is served from memory.
/// </summary>
[Alias("journal.IUserGrain")]
public interface IUserGrain : IGrainWithGuidKey, IRemindable
{
    [Alias("RegisterAsync")]
    Task<RegistrationResult> RegisterAsync(Registration registration);

    /// <summary>Checks the password and opens a session; the same failure for every wrong credential.</summary>
    [Alias("LoginAsync")]
    Task<SessionGrant?> LoginAsync(string password, string? userAgent);

    /// <summary>Rotates a refresh token. A token that was already used revokes its whole session.</summary>
    [Alias("RefreshAsync")]
    Task<RefreshResult> RefreshAsync(Guid sessionId, string refreshSecret);

    /// <summary>
    /// Who the caller of a request is, with their roles and clock now, if <paramref name="sessionId"/> is
    /// still a live session; with <paramref name="quota"/>, also takes the request from the user's
    /// allowance (one bucket for the whole cluster, in this grain's memory), so a request makes at most
    /// one call before its own. A <paramref name="cachingNode"/> keeps the answer to serve the session's
    /// next requests from memory: it is told to forget the user before any change to what the answer
    /// says is acknowledged, and it takes <see cref="BucketShape.NodeLease"/> requests of the allowance
    /// at once. Runs alongside any turn (it reads what committed): a slow login or a deletion never
    /// holds up requests. Read-only for the account: sent again after an undelivered attempt, it at
    /// most takes one more lease from the allowance.
    /// </summary>
    [AlwaysInterleave, ReadOnly]
    [Alias("CheckAccessAsync")]
    Task<AccessCheck?> CheckAccessAsync(Guid sessionId, BucketShape? quota, IAccessCacheNode? cachingNode);

    [ReadOnly]
    [Alias("GetSessionsAsync")]
    Task<ImmutableList<SessionInfo>> GetSessionsAsync();

    /// <summary>Revokes one session; false when it does not exist (or is not this user's).</summary>
    [Alias("RevokeSessionAsync")]
    Task<bool> RevokeSessionAsync(Guid sessionId, string reason);

    [ReadOnly]
    [Alias("GetProfileAsync")]
    Task<UserProfile?> GetProfileAsync();

    [Alias("UpdateProfileAsync")]
    Task<UserProfile> UpdateProfileAsync(ProfileChange change);

    /// <summary>
    /// What the user's other grains need to date an activity: zone, day start, privacy and consent now.
    /// Runs alongside any turn: a deletion calls those grains, which may be asking this in the meantime.
    /// </summary>
    [AlwaysInterleave, ReadOnly]
    [Alias("GetClockAsync")]
    Task<UserClock?> GetClockAsync();

    /// <summary>
    /// The settings as committed. Runs alongside any turn, like <see cref="GetClockAsync"/>: the
    /// user's insights grain asks it from its weekly run, and a deletion may be waiting on that grain.
    /// </summary>
    [AlwaysInterleave, ReadOnly]
    [Alias("GetSettingsAsync")]
    Task<UserSettings> GetSettingsAsync();

    [Alias("UpdateSettingsAsync")]
    Task<UserSettings> UpdateSettingsAsync(UserSettings settings);

    [ReadOnly]
    [Alias("GetConsentAsync")]
    Task<UserConsent> GetConsentAsync();

    [Alias("UpdateConsentAsync")]
    Task<UserConsent> UpdateConsentAsync(ConsentChange change);

    /// <summary>Adds <paramref name="role"/> (bootstrap admin); true when it was added.</summary>
    [Alias("GrantRoleAsync")]
    Task<bool> GrantRoleAsync(string role);

    /// <summary>Sets the premium flag (an admin's decision); true when it changed. Throws when the account does not exist.</summary>
    [Alias("SetPremiumAsync")]
    Task<bool> SetPremiumAsync(bool isPremium);

    /// <summary>Replaces the roles (admin); the user role is always kept. Null when the account does not exist.</summary>
    [Alias("SetRolesAsync")]
    Task<ImmutableList<string>?> SetRolesAsync(ImmutableList<string> roles);

    /// <summary>
    /// The pseudonym, age and roles the community needs. Runs alongside any turn: a deletion calls the
    /// member's community grain, which may be asking this in the meantime.
    /// </summary>
    [AlwaysInterleave, ReadOnly]
    [Alias("GetCommunityIdentityAsync")]
    Task<CommunityIdentity?> GetCommunityIdentityAsync();

    /// <summary>Account, settings, consent and sessions for the user's export.</summary>
    [ReadOnly]
    [Alias("ExportAsync")]
    Task<AccountExport?> ExportAsync();

    /// <summary>
    /// Deletes the account after checking the password: revokes every session, destroys the data key
    /// (crypto-shredding), scrubs the account, has the user's other grains erase their rows, then removes it.
    /// </summary>
    [Alias("DeleteAccountAsync")]
    Task<DeletionResult> DeleteAccountAsync(string password, bool deleteCommunityContent);

    /// <summary>Has the user's other grains erase their rows and removes the account (again after a failure: a durable reminder retries it).</summary>
    [Alias("CompleteDeletionAsync")]
    Task CompleteDeletionAsync();
}

public static class Roles
{
    public const string User = "user";
    public const string Moderator = "moderator";
    public const string Admin = "admin";

    public static readonly ImmutableList<string> All = [User, Moderator, Admin];
}
