using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Journal.Grains.Privacy;
using Npgsql;

namespace Journal.Api.Audit;

/// <summary>
/// The security audit log (PRODUCT.md §9): register, login, failed login, refresh reuse, export,
/// deletion, role changes, moderation. User ids and IP addresses are stored as keyed hashes (HMAC
/// under a key derived from the master key), so the log can link events of one user or address
/// without holding either. An append-only table that no grain owns; a failure to audit is logged
/// and never fails the request it describes.
/// </summary>
public sealed class AuditLog(NpgsqlDataSource dataSource, MasterKey masterKey, ILogger<AuditLog> logger)
{
    private readonly byte[] _hashKey = masterKey.DeriveKey("audit-log-identifiers");

    /// <summary>Records <paramref name="auditEvent"/>; <paramref name="context"/> gives the client's address (null for the service's own actions).</summary>
    public async Task RecordAsync(string auditEvent, Guid? userId, HttpContext? context, object? details = null)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
            await connection.ExecuteAsync(
                "INSERT INTO audit_log (event, user_hash, ip_hash, details) VALUES (@auditEvent, @userHash, @ipHash, @details::jsonb)",
                new
                {
                    auditEvent,
                    userHash = userId is { } id ? Hash(id.ToString("N")) : null,
                    ipHash = context?.Connection.RemoteIpAddress is { } ip ? Hash(ip.ToString()) : null,
                    details = details is null ? null : JsonSerializer.Serialize(details, JsonSerializerOptions.Web),
                });
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            logger.LogError(e, "Could not write the audit event {AuditEvent}", auditEvent);
        }
    }

    /// <summary>Newest first, optionally one event; the cursor is the last entry's id.</summary>
    public async Task<(IReadOnlyList<AuditEntry> Items, long? Next)> ListAsync(string? auditEvent, long? before, int limit)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(long Id, DateTimeOffset At, string Event, string? UserHash, string? IpHash, string? Details)>(
            """
            SELECT id, at, event, user_hash, ip_hash, details::text FROM audit_log
            WHERE (@auditEvent::text IS NULL OR event = @auditEvent) AND (@before::bigint IS NULL OR id < @before)
            ORDER BY id DESC LIMIT @take
            """,
            new { auditEvent, before, take = limit + 1 })).ToList();
        var items = rows.Take(limit)
            .Select(row => new AuditEntry(row.Id, row.At, row.Event, row.UserHash, row.IpHash, row.Details is null ? null : JsonSerializer.Deserialize<JsonElement>(row.Details)))
            .ToList();
        return (items, rows.Count > limit ? items[^1].Id : null);
    }

    /// <summary>The keyed hash stored for a user id or address (tests and admins can look one up).</summary>
    public string Hash(string value) => Convert.ToHexStringLower(HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(value)))[..32];
}

/// <summary>The audit events (stable names: the admin API filters on them).</summary>
public static class AuditEvents
{
    public const string Register = "register";
    public const string Login = "login";
    public const string LoginFailed = "login_failed";
    public const string LoginThrottled = "login_throttled";
    public const string RefreshReuse = "refresh_reuse";
    public const string Logout = "logout";
    public const string SessionRevoked = "session_revoked";
    public const string Export = "export";
    public const string Deletion = "deletion";
    public const string DeletionRefused = "deletion_refused";
    public const string RoleChange = "role_change";
    public const string PremiumChange = "premium_change";
    public const string Moderation = "moderation";
}

/// <summary>One audit_log row as admins read it (the identifiers stay hashed).</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Event, string? UserHash, string? IpHash, JsonElement? Details);
