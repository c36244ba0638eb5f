using System.Collections.Immutable;
using Dapper;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Attachments;
using Journal.GrainInterfaces.Journal;
using Journal.Grains.Journal;
using Journal.Grains.Privacy;
using Journal.Grains.Storage;
using Journal.Persistence.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Journal.Grains.Attachments;

/// <summary>
/// A user's attachments: their rows, the quota and the blob keys. Rows are read from the table on each
/// call rather than held in memory, because the journal grain's purge of its trash removes them too
/// (ON DELETE CASCADE) without telling this grain. Blobs whose rows went that way, or with the account,
/// and blobs of attachments deleted more than the trash retention ago, are swept from the store when the
/// grain activates and at most hourly on uploads.
/// </summary>
[GrainType(GrainTypes.Attachments)]
public sealed partial class AttachmentsGrain(
    [UnitOfWorkState("attachments")] IUnitOfWorkState<AttachmentsState> state,
    NpgsqlDataSource dataSource,
    UserKeyStore keys,
    IAttachmentStore store,
    IOptions<AttachmentOptions> options,
    ILogger<AttachmentsGrain> logger) : Grain, IAttachmentsGrain
{
    /// <summary>How long an upload may take between its reservation and its commit.</summary>
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromHours(1);

    // A blob younger than this may belong to an upload whose row is being written: the sweep leaves it.
    private static readonly TimeSpan OrphanAge = ReservationLifetime;
    private static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);

    private readonly Dictionary<Guid, Pending> _reservations = [];
    private UserDataKey? _key;
    private DateTimeOffset _lastSweep;

    private Guid UserId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = await keys.LoadAsync(UserId, cancellationToken);
        await SweepAsync();
    }

    public async Task<Reservation> ReserveAsync(Guid entryId, long? declaredBytes, IdempotencyKey? idempotency, SecretUnlocks? unlocks)
    {
        var key = RequireKey();
        if (idempotency is not null)
        {
            var (earlierId, sameRequest) = await IdempotencyKeys.FindAsync(dataSource, "attachments", UserId, idempotency);
            if (earlierId != Guid.Empty)
                return sameRequest && await ReadAsync(earlierId) is { } earlier
                    ? Reservation.Refused(ReservationStatus.Replayed) with { Earlier = earlier.ToAttachment() }
                    : Reservation.Refused(ReservationStatus.KeyReused);
        }
        if (!await IsLiveEntryAsync(entryId, unlocks)) return Reservation.Refused(ReservationStatus.EntryNotFound);
        if (DateTimeOffset.UtcNow - _lastSweep > SweepInterval) await SweepAsync();

        var now = DateTimeOffset.UtcNow;
        foreach (var expired in _reservations.Where(r => r.Value.Expires < now).Select(r => r.Key).ToList()) _reservations.Remove(expired);
        var quota = options.Value.QuotaBytes;
        var used = await StoredBytesAsync() + _reservations.Values.Sum(r => r.Bytes);
        var free = quota - used;
        var wanted = declaredBytes ?? Math.Min(AttachmentLimits.MaxFileBytes, free);
        if (wanted <= 0 || wanted > free) return Reservation.Refused(ReservationStatus.QuotaExceeded, quota, used);

        var id = Guid.NewGuid();
        _reservations[id] = new Pending(entryId, wanted, now + ReservationLifetime, idempotency, unlocks);
        // The reservation lives in memory: keep the activation while the upload may still commit.
        DelayDeactivation(ReservationLifetime);
        return new Reservation(ReservationStatus.Reserved, wanted, quota, used,
            AttachmentKeys.File(key, UserId, id), AttachmentKeys.Thumbnail(key, UserId, id), null);
    }

    public async Task<Attachment?> CommitAsync(Guid attachmentId, StoredFile file)
    {
        var key = RequireKey();
        if (!_reservations.Remove(attachmentId, out var pending) || file.Size > pending.Bytes || !await IsLiveEntryAsync(pending.EntryId, pending.Unlocks)) return null;
        var record = new AttachmentRecord
        {
            Id = attachmentId,
            JournalEntryId = pending.EntryId,
            FileName = file.FileName,
            MediaType = file.MediaType,
            FileSize = file.Size,
            StorageKey = AttachmentKeys.File(key, UserId, attachmentId).StorageKey,
            ThumbnailKey = file.ThumbnailSize is null ? null : AttachmentKeys.Thumbnail(key, UserId, attachmentId).StorageKey,
            ThumbnailSize = file.ThumbnailSize,
            UploadedAt = DateTimeOffset.UtcNow,
        };
        await state.WriteStateAsync(new UnitOfWork().Execute(
            $"""
            INSERT INTO attachments (user_id, idempotency_key, request_hash, {AttachmentRecord.Columns})
            VALUES (@UserId, @IdempotencyKey, @RequestHash, @Id, @JournalEntryId, @FileName, @MediaType, @FileSize, @StorageKey, @ThumbnailKey,
                    @ThumbnailSize, @UploadedAt, NULL)
            """,
            new
            {
                UserId, IdempotencyKey = pending.Idempotency?.Key, RequestHash = IdempotencyKeys.RequestHash(pending.Idempotency),
                record.Id, record.JournalEntryId, record.FileName, record.MediaType, record.FileSize, record.StorageKey, record.ThumbnailKey,
                record.ThumbnailSize, record.UploadedAt,
            }));
        return record.ToAttachment();
    }

    public Task AbandonAsync(Guid attachmentId)
    {
        _reservations.Remove(attachmentId);
        return Task.CompletedTask;
    }

    public async Task<Page<Attachment>?> ListAsync(Guid entryId, string? cursor, int limit, SecretUnlocks? unlocks)
    {
        if (!await IsLiveEntryAsync(entryId, unlocks)) return null;
        var after = cursor is null ? null : Cursor.Decode(cursor, 2);
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<AttachmentRecord>(
            $"""
            SELECT {AttachmentRecord.Columns} FROM attachments
            WHERE user_id = @UserId AND journal_entry_id = @entryId AND deleted_at IS NULL
              AND (@afterTime::timestamptz IS NULL OR (uploaded_at, id) > (@afterTime, @afterId))
            ORDER BY uploaded_at, id LIMIT @take
            """,
            new
            {
                UserId, entryId, take = limit + 1,
                afterTime = after is null ? (DateTimeOffset?)null : Cursor.ParseInstant(after[0]),
                afterId = after is null ? Guid.Empty : Cursor.Parse<Guid>(after[1]),
            })).ToList();
        var page = rows.Take(limit).ToImmutableList();
        var next = rows.Count > limit ? Cursor.Encode(page[^1].UploadedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), page[^1].Id.ToString("N")) : null;
        return new Page<Attachment>([.. page.Select(row => row.ToAttachment())], next);
    }

    public async Task<AttachmentContent?> OpenAsync(Guid entryId, Guid attachmentId, SecretUnlocks? unlocks) =>
        await ReadAsync(attachmentId) is { DeletedAt: null } row && row.JournalEntryId == entryId && await IsLiveEntryAsync(entryId, unlocks) ? Content(row) : null;

    public async Task<AttachmentContent?> OpenForExportAsync(Guid attachmentId, SecretUnlocks? unlocks) =>
        await ReadAsync(attachmentId) is { } row && await FindEntryAsync(row.JournalEntryId, unlocks) != EntryPresence.Absent ? Content(row) : null;

    public async Task<bool> DeleteAsync(Guid entryId, Guid attachmentId, SecretUnlocks? unlocks)
    {
        if (await ReadAsync(attachmentId) is not { DeletedAt: null } row || row.JournalEntryId != entryId || !await IsLiveEntryAsync(entryId, unlocks)) return false;
        await state.WriteStateAsync(new UnitOfWork().Execute(
            "UPDATE attachments SET deleted_at = @now WHERE id = @attachmentId AND user_id = @UserId", new { now = DateTimeOffset.UtcNow, attachmentId, UserId }));
        return true;
    }

    public async Task<ImmutableList<Attachment>> ExportAsync() => [.. (await ReadAllAsync()).Select(row => row.ToAttachment())];

    public async Task EraseAsync()
    {
        await state.ClearStateAsync(new UnitOfWork().Execute("DELETE FROM attachments WHERE user_id = @UserId", new { UserId }));
        _reservations.Clear();
        _key = null;
        await foreach (var blob in store.ListAsync(AttachmentKeys.Prefix(UserId))) await store.DeleteAsync(blob.Key);
        DeactivateOnIdle();
    }

    private async Task SweepAsync()
    {
        _lastSweep = DateTimeOffset.UtcNow;
        var rows = await ReadAllAsync();
        var expired = rows.Where(row => row.DeletedAt + JournalGrain.TrashRetention < DateTimeOffset.UtcNow).ToList();
        if (expired.Count > 0)
        {
            await state.WriteStateAsync(new UnitOfWork().Execute(
                "DELETE FROM attachments WHERE user_id = @UserId AND id = ANY(@ids)", new { UserId, ids = expired.Select(row => row.Id).ToArray() }));
            foreach (var blobKey in expired.SelectMany(row => row.BlobKeys())) await store.DeleteAsync(blobKey);
        }
        var kept = rows.Except(expired).SelectMany(row => row.BlobKeys()).ToHashSet(StringComparer.Ordinal);
        var orphans = 0;
        await foreach (var blob in store.ListAsync(AttachmentKeys.Prefix(UserId)))
        {
            if (kept.Contains(blob.Key) || blob.LastModified > DateTimeOffset.UtcNow - OrphanAge) continue;
            if (AttachmentKeys.AttachmentOf(blob.Key) is { } id && _reservations.ContainsKey(id)) continue;
            await store.DeleteAsync(blob.Key);
            orphans++;
        }
        if (expired.Count + orphans > 0) LogSwept(logger, expired.Count, orphans);
    }

    private AttachmentContent Content(AttachmentRecord row)
    {
        var key = RequireKey();
        return new AttachmentContent(row.ToAttachment(),
            AttachmentKeys.Stored(key, row.Id, row.StorageKey, AttachmentKeys.FileVariant),
            row.ThumbnailKey is null ? null : AttachmentKeys.Stored(key, row.Id, row.ThumbnailKey, AttachmentKeys.ThumbnailVariant),
            row.ThumbnailSize);
    }

    // Only the journal knows whether an entry is the user's, not in the trash, and not under a secret tag left locked;
    // another user's entry id is simply not in it.
    private async Task<bool> IsLiveEntryAsync(Guid entryId, SecretUnlocks? unlocks) => await FindEntryAsync(entryId, unlocks) == EntryPresence.Live;

    private Task<EntryPresence> FindEntryAsync(Guid entryId, SecretUnlocks? unlocks) => GrainFactory.GetGrain<IJournalGrain>(UserId).FindAsync(entryId, unlocks);

    private async Task<long> StoredBytesAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT coalesce(sum(file_size), 0) FROM attachments WHERE user_id = @UserId AND deleted_at IS NULL", new { UserId });
    }

    private async Task<AttachmentRecord?> ReadAsync(Guid attachmentId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<AttachmentRecord>(
            $"SELECT {AttachmentRecord.Columns} FROM attachments WHERE id = @attachmentId AND user_id = @UserId", new { attachmentId, UserId });
    }

    private async Task<List<AttachmentRecord>> ReadAllAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<AttachmentRecord>(
            $"SELECT {AttachmentRecord.Columns} FROM attachments WHERE user_id = @UserId ORDER BY uploaded_at, id", new { UserId })];
    }

    private UserDataKey RequireKey() => _key ?? throw new AccountNotFoundException(UserId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Expired} deleted attachments past the trash retention and {Orphans} orphaned blobs.")]
    private static partial void LogSwept(ILogger logger, int expired, int orphans);

    private sealed record Pending(Guid EntryId, long Bytes, DateTimeOffset Expires, IdempotencyKey? Idempotency, SecretUnlocks? Unlocks);
}

/// <summary>The attachments grain's stored state: only its version (the fencing token of its writes).</summary>
public sealed class AttachmentsState
{
}
