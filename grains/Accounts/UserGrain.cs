using System.Collections.Immutable;
using Dapper;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Accounts;
using Journal.GrainInterfaces.Progress;
using Journal.GrainInterfaces.Limits;
using Journal.Grains.Activity;
using Journal.Grains.Limits;
using Journal.Grains.Privacy;
using Journal.Grains.Realtime;
using Journal.Persistence.Reminders;
using Journal.Persistence.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Journal.Grains.Accounts;

/// <summary>
/// The account of one user. Its rows are loaded once per activation; every change is written
/// through the unit of work with the grain's version check, so this activation is their only writer
/// and memory stays what the database holds. Refresh tokens are the one thing read on demand (rare).
/// </summary>
[GrainType(GrainTypes.User)]
public sealed class UserGrain(
    [UnitOfWorkState("account")] IUnitOfWorkState<AccountVersion> version,
    NpgsqlDataSource dataSource,
    MasterKey masterKey,
    IEnumerable<IAccountErasure> erasures,
    IUserUpdates updates,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    public const string EventSource = "account";

    private const string CompleteDeletionReminder = "complete-deletion";

    /// <summary>How soon, and how often, an interrupted deletion is tried again.</summary>
    private static readonly TimeSpan CompleteDeletionRetry = TimeSpan.FromMinutes(1);

    /// <summary>Revoked or expired sessions (and their refresh tokens) are kept this long, then purged.</summary>
    private static readonly TimeSpan EndedSessionRetention = TimeSpan.FromDays(7);

    /// <summary>A session lives 30 days after its last refresh.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromDays(30);

    private AccountRecord? _account;
    private UserSettings _settings = UserSettings.Default;
    private UserConsent? _consent;
    private readonly Dictionary<Guid, SessionInfo> _sessions = [];
    // The user's request allowance, taken with each request's session check.
    private readonly RequestBucket _requests = new();
    private AccessCachers? _cachers;
    private ActivityLog<AccountVersion>? _activity;

    private Guid UserId => this.GetPrimaryKey();

    private ActivityLog<AccountVersion> Activity => _activity ??= new(this, EventSource, version, logger);

    private AccessCachers Cachers => _cachers ??= new(logger);

    /// <summary>Whether the account exists and is not being deleted.</summary>
    private bool IsActive => _account is { DeletedAt: null };

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        using var rows = await connection.QueryMultipleAsync(new CommandDefinition(AccountRecord.LoadSql, new { UserId }, cancellationToken: cancellationToken));
        _account = await rows.ReadSingleOrDefaultAsync<AccountRecord>();
        var settings = await rows.ReadSingleOrDefaultAsync<SettingsRow>();
        var consent = await rows.ReadSingleOrDefaultAsync<ConsentRow>();
        var sessions = await rows.ReadAsync<SessionRow>();
        if (settings is not null) _settings = settings.ToSettings();
        _consent = consent?.ToConsent();
        foreach (var session in sessions) _sessions[session.Id] = session.ToSession();
    }

    // The next activation will not know which nodes hold this one's answers: they forget them now.
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Cachers.ForgetAsync(UserId);

    public async Task<RegistrationResult> RegisterAsync(Registration registration)
    {
        if (_account is not null) return new RegistrationResult(RegistrationStatus.AlreadyRegistered, null);
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            var taken = await connection.QuerySingleOrDefaultAsync<string>(
                """
                SELECT CASE WHEN lower(username) = lower(@Username) THEN 'username' ELSE 'email' END
                FROM users WHERE lower(username) = lower(@Username) OR lower(email) = lower(@Email) LIMIT 1
                """, new { registration.Username, registration.Email });
            if (taken is not null) return new RegistrationResult(taken == "username" ? RegistrationStatus.UsernameTaken : RegistrationStatus.EmailTaken, null);
        }

        var now = DateTimeOffset.UtcNow;
        var account = new AccountRecord
        {
            Id = UserId, Username = registration.Username, Email = registration.Email, PasswordHash = registration.PasswordHash,
            Pseudonym = Pseudonyms.Create(), TimeZone = registration.TimeZone, Roles = registration.Roles, CreatedAt = now, UpdatedAt = now, LastLoginAt = now,
        };
        var consent = new UserConsent(registration.TermsVersion, now, registration.PrivacyVersion, now, registration.DataProcessing, false, now);
        var (_, wrappedKey) = masterKey.CreateDataKey(UserId);
        var session = NewSession(now, registration.UserAgent, out var secret);
        var changes = new UnitOfWork()
            .Execute(
                """
                INSERT INTO users (id, username, email, password_hash, pseudonym, time_zone, roles, created_at, updated_at, last_login_at)
                VALUES (@Id, @Username, @Email, @PasswordHash, @Pseudonym, @TimeZone, @Roles, @CreatedAt, @UpdatedAt, @CreatedAt)
                """, new { account.Id, account.Username, account.Email, account.PasswordHash, account.Pseudonym, account.TimeZone, Roles = account.Roles.ToArray(), account.CreatedAt, account.UpdatedAt })
            .Execute("INSERT INTO user_keys (user_id, wrapped_key, master_key_id, created_at) VALUES (@UserId, @wrappedKey, @Id, @now)",
                new { UserId, wrappedKey, masterKey.Id, now })
            .Execute("INSERT INTO user_settings (user_id, updated_at) VALUES (@UserId, @now)", new { UserId, now })
            .Execute(
                """
                INSERT INTO user_consents (user_id, terms_version, terms_accepted_at, privacy_version, privacy_accepted_at, data_processing, marketing, updated_at)
                VALUES (@UserId, @TermsVersion, @TermsAcceptedAt, @PrivacyVersion, @PrivacyAcceptedAt, @DataProcessing, @Marketing, @UpdatedAt)
                """, new { UserId, consent.TermsVersion, consent.TermsAcceptedAt, consent.PrivacyVersion, consent.PrivacyAcceptedAt, consent.DataProcessing, consent.Marketing, consent.UpdatedAt });
        AddSessionRows(changes, session, secret);
        try
        {
            await version.WriteStateAsync(changes);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Another registration took the name between the check and the insert, or the random pseudonym is someone's.
            return new RegistrationResult(e.ConstraintName switch
            {
                "users_email_key" => RegistrationStatus.EmailTaken,
                "users_pseudonym_key" => RegistrationStatus.PseudonymTaken,
                _ => RegistrationStatus.UsernameTaken,
            }, null);
        }
        _account = account;
        _consent = consent;
        _settings = UserSettings.Default;
        _sessions[session.Id] = session;
        return new RegistrationResult(RegistrationStatus.Created, Grant(session.Id, secret));
    }

    public async Task<SessionGrant?> LoginAsync(string password, string? userAgent)
    {
        if (!IsActive)
        {
            Passwords.VerifyDecoy(password);
            return null;
        }
        var check = Passwords.Verify(_account!.PasswordHash!, password);
        if (check == PasswordCheck.Invalid) return null;

        var now = DateTimeOffset.UtcNow;
        var session = NewSession(now, userAgent, out var secret);
        var account = check == PasswordCheck.ValidButOutdated ? _account with { PasswordHash = Passwords.Hash(password) } : _account;
        var changes = new UnitOfWork().Execute("UPDATE users SET last_login_at = @now, password_hash = @PasswordHash WHERE id = @UserId",
            new { now, account.PasswordHash, UserId });
        AddSessionRows(changes, session, secret);
        // A login is activity (daily active users): published with the session, in its transaction.
        PublishActivity(changes, ActivityEventKind.LoggedIn, session.Id, now);
        await version.WriteStateAsync(changes);
        _account = account with { LastLoginAt = now };
        _sessions[session.Id] = session;
        return Grant(session.Id, secret);
    }

    public async Task<RefreshResult> RefreshAsync(Guid sessionId, string refreshSecret)
    {
        var now = DateTimeOffset.UtcNow;
        if (!IsActive || !_sessions.TryGetValue(sessionId, out var session)) return new RefreshResult(RefreshStatus.Invalid, null);
        if (session.ExpiresAt <= now)
        {
            await RevokeSessionAsync(sessionId, "expired");
            return new RefreshResult(RefreshStatus.Invalid, null);
        }

        var tokenHash = RefreshSecrets.Hash(refreshSecret);
        (bool Found, DateTime? UsedAt, bool Superseded, bool SessionUsedLater) row;
        await using (var connection = await dataSource.OpenConnectionAsync())
            row = await connection.QuerySingleOrDefaultAsync<(bool, DateTime?, bool, bool)>(
                """
                SELECT true, t.used_at, t.superseded_at IS NOT NULL,
                       EXISTS (SELECT 1 FROM refresh_tokens later WHERE later.session_id = t.session_id AND later.used_at > t.used_at)
                FROM refresh_tokens t WHERE t.token_hash = @tokenHash AND t.session_id = @sessionId
                """, new { tokenHash, sessionId });
        if (!row.Found) return new RefreshResult(RefreshStatus.Invalid, null);
        var token = new PresentedRefreshToken(row.UsedAt is { } used ? new DateTimeOffset(used, TimeSpan.Zero) : null, row.Superseded, row.SessionUsedLater);

        var decision = RefreshRotation.Decide(token, now);
        if (decision == RefreshDecision.Reuse)
        {
            // A token came back that its holder could not have: someone holds a copy. End the session for everyone.
            await RevokeSessionAsync(sessionId, "refresh token reuse");
            return new RefreshResult(RefreshStatus.Reused, null);
        }

        var secret = RefreshSecrets.Create();
        var refreshed = session with { LastUsedAt = now, ExpiresAt = now + SessionLifetime };
        var changes = new UnitOfWork();
        changes.Execute(decision == RefreshDecision.Retry
            // The answer to the first exchange was lost: its token is superseded by the one issued now,
            // so the session keeps a single chain.
            ? "UPDATE refresh_tokens SET superseded_at = @now WHERE session_id = @sessionId AND used_at IS NULL AND superseded_at IS NULL"
            : "UPDATE refresh_tokens SET used_at = @now WHERE token_hash = @tokenHash", new { now, sessionId, tokenHash });
        changes
            // Reuse detection needs the spent tokens of a live session, not forever: a token spent a
            // session lifetime ago would be refused as invalid anyway.
            .Execute("DELETE FROM refresh_tokens WHERE session_id = @sessionId AND coalesce(used_at, superseded_at) < @before",
                new { sessionId, before = now - SessionLifetime })
            .Execute("INSERT INTO refresh_tokens (token_hash, session_id, issued_at) VALUES (@hash, @sessionId, @now)",
                new { hash = RefreshSecrets.Hash(secret), sessionId, now })
            .Execute("UPDATE user_sessions SET last_used_at = @now, expires_at = @ExpiresAt WHERE id = @sessionId",
                new { now, refreshed.ExpiresAt, sessionId });
        await version.WriteStateAsync(changes);
        _sessions[sessionId] = refreshed;
        return new RefreshResult(RefreshStatus.Rotated, Grant(sessionId, secret));
    }

    public Task<AccessCheck?> CheckAccessAsync(Guid sessionId, BucketShape? quota, IAccessCacheNode? cachingNode)
    {
        if (!IsActive || !_sessions.TryGetValue(sessionId, out var session) || session.ExpiresAt <= DateTimeOffset.UtcNow)
            return Task.FromResult<AccessCheck?>(null);
        // Recorded before the answer leaves: a change from now on reaches the node even while the answer is on its way.
        if (cachingNode is not null) Cachers.Add(cachingNode);
        var take = quota is null ? null : _requests.Take(quota, cachingNode is null ? 1 : quota.NodeLease);
        return Task.FromResult<AccessCheck?>(new AccessCheck(UserId, _account!.Roles, Clock(), take, session.ExpiresAt, GrainContext.Address.SiloAddress!));
    }

    public Task<ImmutableList<SessionInfo>> GetSessionsAsync() =>
        Task.FromResult(IsActive ? _sessions.Values.OrderByDescending(s => s.LastUsedAt).ToImmutableList() : []);

    public async Task<bool> RevokeSessionAsync(Guid sessionId, string reason)
    {
        if (!_sessions.ContainsKey(sessionId)) return false;
        await version.WriteStateAsync(new UnitOfWork().Execute(
            "UPDATE user_sessions SET revoked_at = now(), revoked_reason = @reason WHERE id = @sessionId AND user_id = @UserId",
            new { reason, sessionId, UserId }));
        _sessions.Remove(sessionId);
        await Cachers.ForgetAsync(UserId);
        await updates.CloseSessionsAsync(UserId, sessionId);
        return true;
    }

    public Task<UserProfile?> GetProfileAsync() => Task.FromResult(IsActive ? _account!.ToProfile() : null);

    public Task<UserClock?> GetClockAsync() => Task.FromResult(IsActive ? Clock() : null);

    public async Task<UserProfile> UpdateProfileAsync(ProfileChange change)
    {
        var account = RequireActive() with
        {
            DisplayName = change.DisplayName is null ? _account!.DisplayName : NullIfEmpty(change.DisplayName),
            Bio = change.Bio is null ? _account!.Bio : NullIfEmpty(change.Bio),
            TimeZone = change.TimeZone ?? _account!.TimeZone,
            Language = change.Language ?? _account!.Language,
            Theme = change.Theme ?? _account!.Theme,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        await version.WriteStateAsync(new UnitOfWork().Execute(
            """
            UPDATE users SET display_name = @DisplayName, bio = @Bio, time_zone = @TimeZone, language = @Language, theme = @Theme, updated_at = @UpdatedAt
            WHERE id = @Id
            """, new { account.DisplayName, account.Bio, account.TimeZone, account.Language, account.Theme, account.UpdatedAt, account.Id }));
        _account = account;
        await Cachers.ForgetAsync(UserId);
        return account.ToProfile();
    }

    public Task<UserSettings> GetSettingsAsync()
    {
        RequireActive();
        return Task.FromResult(_settings);
    }

    public async Task<UserSettings> UpdateSettingsAsync(UserSettings settings)
    {
        RequireActive();
        await version.WriteStateAsync(new UnitOfWork().Execute(
            """
            UPDATE user_settings SET day_start_hour = @DayStartHour, private_mode = @PrivateMode, discoverable = @Discoverable,
                notify_daily_tip = @DailyTip, notify_community_activity = @CommunityActivity, notify_weekly_insights = @WeeklyInsights,
                notify_monthly_insights = @MonthlyInsights, notify_reminder_to_write = @ReminderToWrite, updated_at = now()
            WHERE user_id = @UserId
            """,
            new
            {
                UserId, settings.DayStartHour, settings.PrivateMode, settings.Discoverable, settings.Notifications.DailyTip,
                settings.Notifications.CommunityActivity, settings.Notifications.WeeklyInsights, settings.Notifications.MonthlyInsights,
                settings.Notifications.ReminderToWrite,
            }));
        _settings = settings;
        await Cachers.ForgetAsync(UserId);
        return settings;
    }

    public Task<UserConsent> GetConsentAsync()
    {
        RequireActive();
        return Task.FromResult(_consent!);
    }

    public async Task<UserConsent> UpdateConsentAsync(ConsentChange change)
    {
        RequireActive();
        var now = DateTimeOffset.UtcNow;
        var old = _consent!;
        var consent = new UserConsent(
            change.TermsVersion, change.TermsVersion == old.TermsVersion ? old.TermsAcceptedAt : now,
            change.PrivacyVersion, change.PrivacyVersion == old.PrivacyVersion ? old.PrivacyAcceptedAt : now,
            change.DataProcessing, change.Marketing, now);
        var changes = new UnitOfWork().Execute(
            """
            UPDATE user_consents SET terms_version = @TermsVersion, terms_accepted_at = @TermsAcceptedAt, privacy_version = @PrivacyVersion,
                privacy_accepted_at = @PrivacyAcceptedAt, data_processing = @DataProcessing, marketing = @Marketing, updated_at = @UpdatedAt
            WHERE user_id = @UserId
            """,
            new { UserId, consent.TermsVersion, consent.TermsAcceptedAt, consent.PrivacyVersion, consent.PrivacyAcceptedAt, consent.DataProcessing, consent.Marketing, consent.UpdatedAt });
        // Insights start or forget everything in stream order with the writes around the change.
        if (consent.DataProcessing != old.DataProcessing)
            PublishActivity(changes, consent.DataProcessing ? ActivityEventKind.DataProcessingGranted : ActivityEventKind.DataProcessingWithdrawn, UserId, now);
        await version.WriteStateAsync(changes);
        _consent = consent;
        await Cachers.ForgetAsync(UserId);
        return consent;
    }

    public async Task<bool> GrantRoleAsync(string role)
    {
        var account = RequireActive();
        if (account.Roles.Contains(role)) return false;
        await WriteRolesAsync(account, account.Roles.Add(role));
        return true;
    }

    public async Task<ImmutableList<string>?> SetRolesAsync(ImmutableList<string> roles)
    {
        if (!IsActive) return null;
        // Every account keeps the user role; the order is the canonical one whatever the request's.
        var canonical = Roles.All.Where(role => role == Roles.User || roles.Contains(role)).ToImmutableList();
        if (!canonical.SequenceEqual(_account!.Roles)) await WriteRolesAsync(_account, canonical);
        return canonical;
    }

    public Task<CommunityIdentity?> GetCommunityIdentityAsync() => Task.FromResult(IsActive
        ? new CommunityIdentity(_account!.Pseudonym, _account.CreatedAt, _account.Roles)
        : null);

    private async Task WriteRolesAsync(AccountRecord account, ImmutableList<string> roles)
    {
        await version.WriteStateAsync(new UnitOfWork().Execute("UPDATE users SET roles = @roles, updated_at = now() WHERE id = @UserId",
            new { roles = roles.ToArray(), UserId }));
        _account = account with { Roles = roles };
        await Cachers.ForgetAsync(UserId);
    }

    public async Task<bool> SetPremiumAsync(bool isPremium)
    {
        var account = RequireActive();
        if (account.IsPremium == isPremium) return false;
        await version.WriteStateAsync(new UnitOfWork().Execute("UPDATE users SET is_premium = @isPremium, updated_at = now() WHERE id = @UserId",
            new { isPremium, UserId }));
        _account = account with { IsPremium = isPremium };
        return true;
    }

    public Task<AccountExport?> ExportAsync() => Task.FromResult(IsActive
        ? new AccountExport(_account!.ToProfile(), _settings, _consent!, _sessions.Values.ToImmutableList(), _account.LastLoginAt)
        : null);

    public async Task<DeletionResult> DeleteAccountAsync(string password, bool deleteCommunityContent)
    {
        if (!IsActive)
        {
            Passwords.VerifyDecoy(password);
            return DeletionResult.NotFound;
        }
        if (Passwords.Verify(_account!.PasswordHash!, password) == PasswordCheck.Invalid) return DeletionResult.WrongPassword;

        // Registered first, so that whatever fails from here on, the deletion is finished later.
        await this.RegisterOrUpdateReminder(CompleteDeletionReminder, CompleteDeletionRetry, CompleteDeletionRetry);

        // Then, in one transaction: no session survives, the data key is gone (every ciphertext of
        // the user is unreadable from here on, backups included) and the account keeps no personal data.
        var now = DateTimeOffset.UtcNow;
        await version.WriteStateAsync(new UnitOfWork()
            .Execute("DELETE FROM user_sessions WHERE user_id = @UserId", new { UserId })
            .Execute("DELETE FROM user_keys WHERE user_id = @UserId", new { UserId })
            .Execute(
                """
                UPDATE users SET username = NULL, email = NULL, password_hash = NULL, display_name = NULL, bio = NULL,
                    deleted_at = @now, delete_community_content = @deleteCommunityContent, updated_at = @now
                WHERE id = @UserId
                """, new { now, deleteCommunityContent, UserId }));
        _sessions.Clear();
        await Cachers.ForgetAsync(UserId);
        await updates.CloseSessionsAsync(UserId, sessionId: null);
        _account = _account with { Username = null, Email = null, PasswordHash = null, DisplayName = null, Bio = null, DeletedAt = now, DeleteCommunityContent = deleteCommunityContent };
        try
        {
            await CompleteDeletionAsync();
        }
        catch (Exception e)
        {
            // Nothing is readable any more; the reminder erases the rest.
            logger.LogWarning(e, "Erasing the data of deleted account {UserId} failed; the reminder will finish it", UserId);
        }
        return DeletionResult.Deleted;
    }

    public async Task CompleteDeletionAsync()
    {
        if (_account is { DeletedAt: not null } account)
        {
            foreach (var erasure in erasures) await erasure.EraseAsync(GrainFactory, UserId, account.DeleteCommunityContent);
            await version.ClearStateAsync(new UnitOfWork().Execute("DELETE FROM users WHERE id = @UserId", new { UserId }));
            _account = null;
            _consent = null;
            _settings = UserSettings.Default;
        }
        await this.UnregisterReminder(CompleteDeletionReminder);
        DeactivateOnIdle();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == CompleteDeletionReminder ? CompleteDeletionAsync() : Task.CompletedTask;

    private AccountRecord RequireActive() =>
        IsActive ? _account! : throw new AccountNotFoundException(UserId);

    private SessionInfo NewSession(DateTimeOffset now, string? userAgent, out string secret)
    {
        secret = RefreshSecrets.Create();
        return new SessionInfo(Guid.NewGuid(), now, now, now + SessionLifetime, userAgent is { Length: > 200 } ? userAgent[..200] : userAgent);
    }

    // A new session also purges the user's sessions that ended a while ago (their refresh tokens go with them).
    private void AddSessionRows(UnitOfWork changes, SessionInfo session, string secret) => changes
        .Execute(
            "DELETE FROM user_sessions WHERE user_id = @UserId AND (revoked_at < @before OR expires_at < @before)",
            new { UserId, before = session.CreatedAt - EndedSessionRetention })
        .Execute(
            """
            INSERT INTO user_sessions (id, user_id, created_at, last_used_at, expires_at, user_agent)
            VALUES (@Id, @UserId, @CreatedAt, @LastUsedAt, @ExpiresAt, @UserAgent)
            """, new { session.Id, UserId, session.CreatedAt, session.LastUsedAt, session.ExpiresAt, session.UserAgent })
        .Execute("INSERT INTO refresh_tokens (token_hash, session_id, issued_at) VALUES (@hash, @Id, @CreatedAt)",
            new { hash = RefreshSecrets.Hash(secret), session.Id, session.CreatedAt });

    private void PublishActivity(UnitOfWork changes, ActivityEventKind kind, Guid subjectId, DateTimeOffset now)
    {
        var clock = Clock();
        Activity.Publish(changes, Activity.Next(kind, subjectId, clock.DayOf(now), now, clock));
    }

    private UserClock Clock() => new(_account!.TimeZone, _settings.DayStartHour, _settings.PrivateMode, _consent?.DataProcessing == true);

    private SessionGrant Grant(Guid sessionId, string secret) => new(UserId, sessionId, secret, _account!.Roles);

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}

/// <summary>The account grain's stored state: its version fences the account's rows; the number of activity events it published (their sequence).</summary>
public sealed class AccountVersion : IActivitySequence
{
    public long EventSequence { get; set; }
}
