using System.Collections.Immutable;
using Dapper;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Accounts;
using Journal.GrainInterfaces.Journal;
using Journal.GrainInterfaces.Progress;
using Journal.Grains.Activity;
using Journal.Grains.Insights;
using Journal.Grains.Journal.Search;
using Journal.Grains.Journal.Secret;
using Journal.Grains.Privacy;
using Journal.Grains.Storage;
using Journal.Persistence.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Journal.Grains.Journal;

/// <summary>
/// A user's journal. Entry metadata is held in memory for lists, filters, tags and the calendar;
/// title, content and location are stored sealed under the user's data key and decrypted only when
/// an entry is read. Every change is one transaction with the grain's version check and publishes an
/// <see cref="ActivityEvent"/> in it (outbox); the sentiment score is computed while the text is at hand.
/// The entry's blind search index rows change in the same transaction as its text (<see cref="BlindIndex"/>).
/// It also holds the user's secret tags (<see cref="ISecretTagsGrain"/>): an entry under one is sealed,
/// text and figures, under the tag's key, kept concealed in memory, left out of the index and the
/// activity events' facts, and shown only to a request that carries the tag's unlock (docs/SECRET_TAGS.md).
/// </summary>
[GrainType(GrainTypes.Journal)]
public sealed class JournalGrain(
    [UnitOfWorkState("journal")] IUnitOfWorkState<JournalState> state,
    NpgsqlDataSource dataSource,
    UserKeyStore keys,
    IOptions<SecretTagOptions> secretTagOptions,
    ILogger<JournalGrain> logger) : Grain, IJournalGrain, ISecretTagsGrain
{
    public const string EventSource = "journal";

    /// <summary>Deleted entries stay restorable this long (PRODUCT.md §2), then they are purged.</summary>
    public static readonly TimeSpan TrashRetention = TimeSpan.FromDays(30);

    private readonly Dictionary<Guid, EntryRecord> _entries = [];

    // When the oldest entry in the trash passes its retention: no write looks for expired entries before
    // (a look goes over every entry). Never later than that: a delete can only bring it forward, and a
    // restore leaves it early, which costs one look that finds the true one.
    private DateTimeOffset _nextPurge = DateTimeOffset.MaxValue;
    private ActivityLog<JournalState>? _activity;
    private UserDataKey? _key;
    private BlindIndex? _index;
    private UnlockTokens? _tokens;
    private SecretTagBook _secretTags = new();

    private Guid UserId => this.GetPrimaryKey();

    private ActivityLog<JournalState> Activity => _activity ??= new(this, EventSource, state, logger);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = await keys.LoadAsync(UserId, cancellationToken);
        _index = _key is null ? null : BlindIndex.For(_key);
        _tokens = _key is null ? null : new UnlockTokens(_key, UserId);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (_key is not null) _secretTags = await SecretTagBook.LoadAsync(connection, UserId, _key, cancellationToken);
        var rows = await connection.QueryAsync<EntryRecord>(new CommandDefinition(
            $"SELECT {EntryRecord.Columns} FROM journal_entries WHERE user_id = @UserId", new { UserId }, cancellationToken: cancellationToken));
        foreach (var row in rows) _entries[row.Id] = row;
        _nextPurge = NextPurge();
        if (_key is { } key && _index is { } index && await IndexBackfill.PendingAsync(connection, UserId, key, index, cancellationToken) is { } backfill)
            await state.WriteStateAsync(backfill);
    }

    public async Task<CreateResult<JournalEntry>> CreateAsync(NewEntry entry, UserClock clock, IdempotencyKey? idempotency)
    {
        var key = RequireKey();
        // Only the tags' keys are needed here; no entry is opened.
        var unlocked = await RevealAsync(entry.Unlocks, _ => false);
        var tagKey = entry.SecretTagId is { } secretTagId ? RequireUnlocked(secretTagId, unlocked) : null;
        // The request hash is keyed with the key that seals the text: the user's, or a secret entry's tag's
        // (docs/SECRET_TAGS.md). A retry of a secret entry (same body, same tag) therefore matches, and
        // carries the unlock that shows the entry it created.
        idempotency = idempotency.KeyedWith(tagKey ?? key);
        if (await IdempotencyKeys.EarlierResultAsync(dataSource, "journal_entries", UserId, idempotency,
                async id => await ReadAsync(_entries[id], await RevealAsync(entry.Unlocks, e => e.Id == id))) is { } earlier)
            return earlier;

        var now = DateTimeOffset.UtcNow;
        var today = clock.DayOf(now);
        var entryDate = entry.EntryDate ?? today;
        if (entryDate > today) throw new DomainValidationException("entryDate", $"The entry date is in the future for your time zone (today is {today:yyyy-MM-dd}).");

        var words = EntryText.CountWords(entry.Content);
        var record = new EntryRecord
        {
            Id = Guid.NewGuid(),
            EntryDate = entryDate,
            // Writing about today or yesterday (a late sync) counts for that day; an older date is
            // a memory written today, so it counts for today: streaks cannot be earned backwards.
            ActivityDate = entryDate >= today.AddDays(-1) ? entryDate : today,
            Mood = MoodLabels.ToText(entry.Mood),
            MoodRating = (short?)entry.MoodRating,
            Tags = entry.Tags,
            Weather = entry.Weather,
            IsPrivate = entry.IsPrivate,
            PromptId = entry.PromptId,
            WordCount = words,
            ReadingTimeSeconds = EntryText.ReadingTimeSeconds(words),
            Sentiment = SentimentScorer.Score(entry.Content),
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
            SecretTagId = entry.SecretTagId,
        };
        var text = new SealedEntryText(entry.Title, entry.Content, entry.Location);
        var stored = Stored(record);
        var changes = new UnitOfWork().Execute(
            $"""
            INSERT INTO journal_entries (user_id, sealed_text, idempotency_key, request_hash, {EntryRecord.Columns})
            VALUES (@UserId, @SealedText, @IdempotencyKey, @RequestHash, @Id, @EntryDate, @ActivityDate, @Mood, @MoodRating, @Tags, @Weather,
                    @IsPrivate, @PromptId, @WordCount, @ReadingTimeSeconds, @Sentiment, @Version, @CreatedAt, @UpdatedAt, @DeletedAt, @SecretTagId)
            """,
            Parameters(stored, Seal(record, text, key, tagKey), idempotency));
        // A secret entry's words are not indexed: tokens under the user's key would give them away.
        if (tagKey is null) RequireIndex().Index(changes, UserId, record.Id, entry.Title, entry.Content, entry.Location, replacing: false);
        var activity = NextActivity(ActivityEventKind.EntryCreated, stored, clock, now);
        await CommitAsync(changes, activity);
        _entries[record.Id] = stored;
        await Activity.HandOverAsync(activity);
        return new CreateResult<JournalEntry>(CreateStatus.Created, record.ToEntry(text));
    }

    public async Task<JournalEntry?> GetAsync(Guid entryId, SecretUnlocks? unlocks = null)
    {
        if (!_entries.TryGetValue(entryId, out var record) || record.DeletedAt is not null) return null;
        var revealed = await RevealAsync(unlocks, e => e.Id == entryId);
        return revealed.Show(record) is null ? null : await ReadAsync(record, revealed);
    }

    public async Task<EntryPresence> FindAsync(Guid entryId, SecretUnlocks? unlocks)
    {
        if (!_entries.TryGetValue(entryId, out var record)) return EntryPresence.Absent;
        // Only a secret entry is opened here (its tag must be unlocked); a plain one needs no read.
        if ((await RevealAsync(unlocks, e => e.Id == entryId)).Show(record) is null) return EntryPresence.Absent;
        return record.DeletedAt is null ? EntryPresence.Live : EntryPresence.InTrash;
    }

    public async Task<EditResult<JournalEntry>> UpdateAsync(Guid entryId, EntryChange change, UserClock clock, ImmutableList<int>? acceptedVersions)
    {
        var key = RequireKey();
        if (!_entries.TryGetValue(entryId, out var current) || current.DeletedAt is not null) return new(EditStatus.NotFound, null);
        var revealed = await RevealAsync(change.Unlocks, e => e.Id == entryId);
        // A locked secret entry is not there for this request (as another user's entry is not).
        if (revealed.Show(current) is not { } record) return new(EditStatus.NotFound, null);
        if (acceptedVersions?.Contains(record.Version) == false) return new(EditStatus.VersionMismatch, await ReadAsync(current, revealed));
        var tagKey = change.SecretTagId is { } secretTagId ? RequireUnlocked(secretTagId, revealed) : null;

        var now = DateTimeOffset.UtcNow;
        if (change.EntryDate > clock.DayOf(now))
            throw new DomainValidationException("entryDate", "The entry date is in the future for your time zone.");
        var words = EntryText.CountWords(change.Content);
        var updated = record with
        {
            EntryDate = change.EntryDate,
            Mood = MoodLabels.ToText(change.Mood),
            MoodRating = (short?)change.MoodRating,
            Tags = change.Tags,
            Weather = change.Weather,
            IsPrivate = change.IsPrivate,
            PromptId = change.PromptId,
            WordCount = words,
            ReadingTimeSeconds = EntryText.ReadingTimeSeconds(words),
            Sentiment = SentimentScorer.Score(change.Content),
            Version = record.Version + 1,
            UpdatedAt = now,
            SecretTagId = change.SecretTagId,
        };
        var text = new SealedEntryText(change.Title, change.Content, change.Location);
        var stored = Stored(updated);
        var changes = new UnitOfWork().Execute(ReplaceSql, Parameters(stored, Seal(updated, text, key, tagKey), null));
        if (tagKey is null) RequireIndex().Index(changes, UserId, updated.Id, change.Title, change.Content, change.Location, replacing: true);
        else BlindIndex.Unindex(changes, updated.Id);
        var activity = NextActivity(ActivityEventKind.EntryUpdated, stored, clock, now, before: current);
        await CommitAsync(changes, activity);
        _entries[entryId] = stored;
        await Activity.HandOverAsync(activity);
        return new(EditStatus.Done, updated.ToEntry(text));
    }

    public async Task<EditResult<JournalEntry>> DeleteAsync(Guid entryId, UserClock clock, ImmutableList<int>? acceptedVersions, SecretUnlocks? unlocks = null)
    {
        if (!_entries.TryGetValue(entryId, out var record) || record.DeletedAt is not null) return new(EditStatus.NotFound, null);
        var revealed = await RevealAsync(unlocks, e => e.Id == entryId);
        if (revealed.Show(record) is null) return new(EditStatus.NotFound, null);
        if (acceptedVersions?.Contains(record.Version) == false) return new(EditStatus.VersionMismatch, await ReadAsync(record, revealed));
        return await MoveAsync(record with { DeletedAt = DateTimeOffset.UtcNow, Version = record.Version + 1 }, ActivityEventKind.EntryDeleted, revealed, clock);
    }

    public async Task<EditResult<JournalEntry>> RestoreAsync(Guid entryId, UserClock clock, SecretUnlocks? unlocks = null)
    {
        if (!_entries.TryGetValue(entryId, out var record)) return new(EditStatus.NotFound, null);
        var revealed = await RevealAsync(unlocks, e => e.Id == entryId);
        if (revealed.Show(record) is null) return new(EditStatus.NotFound, null);
        if (record.DeletedAt is null) return new(EditStatus.NotInTrash, null);
        if (IsExpired(record, DateTimeOffset.UtcNow)) return new(EditStatus.Gone, null);
        return await MoveAsync(record with { DeletedAt = null, Version = record.Version + 1 }, ActivityEventKind.EntryRestored, revealed, clock);
    }

    public async Task<Page<JournalEntry>> ListAsync(EntryQuery query)
    {
        var after = query.Cursor is null ? null : EntryRecord.FromCursor(query.Cursor);
        var revealed = await RevealAsync(query.Unlocks, _ => true);
        var now = DateTimeOffset.UtcNow;
        var matches = Visible(revealed)
            .Where(e => (e.DeletedAt is not null) == query.Trash && !IsExpired(e, now))
            .Where(e => Matches(e, query.From, query.To, query.Mood, query.Tag))
            .Where(e => after is null || EntryRecord.NewestFirst.Compare(e, after) > 0)
            .Order(EntryRecord.NewestFirst)
            .Take(query.Limit + 1)
            .ToList();
        var page = matches.Take(query.Limit).ToList();
        var texts = await ReadTextsAsync(page.Select(e => e.Id), revealed);
        return new Page<JournalEntry>([.. page.Select(e => e.ToEntry(texts[e.Id]))], matches.Count > query.Limit ? page[^1].Cursor() : null);
    }

    public async Task<SearchResult> SearchAsync(SearchQuery query)
    {
        var scores = await JournalSearch.ScoreAsync(dataSource, UserId, RequireIndex().QueryTokens(query.Text));
        // Secret entries are not in the blind index: those of the unlocked tags are scored here, from their opened text.
        var revealed = await RevealAsync(query.Unlocks, e => e.DeletedAt is null);
        var hits = scores
            .Select(hit => new RankedEntry(_entries[hit.EntryId], hit.Score))
            .Where(hit => hit.Entry.SecretTagId is null)
            .Concat(JournalSearch.ScoreInMemory(revealed.Contents.Select(c => (revealed.Show(_entries[c.Key])!, c.Value.Text)), query.Text))
            .Where(hit => hit.Entry.DeletedAt is null && Matches(hit.Entry, query.From, query.To, query.Mood, query.Tag));
        var (page, next, total, facets) = JournalSearch.Rank(hits, query.Cursor, query.Limit);
        var texts = await ReadTextsAsync(page.Select(hit => hit.Entry.Id), revealed);
        var terms = SearchText.Terms(query.Text).ToHashSet(StringComparer.Ordinal);
        return new SearchResult([.. page.Select(hit => hit.ToHit(texts[hit.Entry.Id], terms))], next, total, facets);
    }

    /// <summary>Tags starting with <paramref name="prefix"/>, most used first, then tags that look like it (a typo: <see cref="TagSuggestions"/>).</summary>
    public async Task<ImmutableList<TagCount>> GetTagsAsync(string? prefix, int limit, SecretUnlocks? unlocks = null)
    {
        var revealed = await RevealAsync(unlocks, e => e.DeletedAt is null);
        var tags = Visible(revealed).Where(e => e.DeletedAt is null).SelectMany(e => e.Tags)
            .Where(tag => prefix is null || tag.StartsWith(prefix, StringComparison.Ordinal))
            .GroupBy(tag => tag)
            .Select(g => new TagCount(g.Key, g.Count()))
            .OrderByDescending(t => t.Entries).ThenBy(t => t.Tag, StringComparer.Ordinal)
            .Take(limit)
            .ToImmutableList();
        if (prefix is null || prefix.Length < TagSuggestions.MinTypedLength || tags.Count == limit) return tags;
        return tags.AddRange(await TagSuggestions.SimilarAsync(dataSource, UserId, prefix, [.. tags.Select(t => t.Tag)], limit - tags.Count));
    }

    public async Task<ImmutableList<CalendarDay>> GetCalendarAsync(int year, int month, SecretUnlocks? unlocks = null)
    {
        bool InMonth(EntryRecord e) => e.DeletedAt is null && e.EntryDate.Year == year && e.EntryDate.Month == month;
        var revealed = await RevealAsync(unlocks, InMonth);
        return [.. Visible(revealed).Where(InMonth)
            .GroupBy(e => e.EntryDate)
            .OrderBy(day => day.Key)
            .Select(day => new CalendarDay(day.Key, day.Count(), DominantMood(day)))];
    }

    public async Task<ImmutableList<KeywordCount>> GetKeywordsAsync(DateOnly from, DateOnly to, int limit)
    {
        // A secret entry is concealed as private in memory: its words never count here, unlocked or not.
        var texts = await ReadTextsAsync(Live().Where(e => !e.IsPrivate && e.EntryDate >= from && e.EntryDate <= to).Select(e => e.Id), RevealedEntries.None);
        return Keywords.Top(texts.Values.Select(text => $"{text.Title} {text.Content}"), limit);
    }

    public async Task<JournalExport> ExportAsync(SecretUnlocks? unlocks = null)
    {
        var revealed = await RevealAsync(unlocks, _ => true);
        var all = Visible(revealed).Order(EntryRecord.NewestFirst).ToList();
        var texts = await ReadTextsAsync(all.Select(e => e.Id), revealed);
        return new JournalExport([.. all.Select(e => e.ToEntry(texts[e.Id]))], [.. _secretTags.List()], _entries.Count - all.Count);
    }

    public async Task EraseAsync()
    {
        await state.ClearStateAsync(new UnitOfWork()
            .Execute("DELETE FROM journal_entries WHERE user_id = @UserId", new { UserId })
            .Execute("DELETE FROM secret_tags WHERE user_id = @UserId", new { UserId }));
        _entries.Clear();
        _secretTags.Clear();
        _key = null;
        _index = null;
        _tokens = null;
        DeactivateOnIdle();
    }

    public async Task<CreateResult<SecretTag>> CreateSecretTagAsync(NewSecretTag tag, IdempotencyKey? idempotency)
    {
        var key = RequireKey();
        // The name is private text: its request hash is keyed with the user's key, not a plain hash a reader could test names against.
        idempotency = idempotency.KeyedWith(key);
        if (await IdempotencyKeys.EarlierResultAsync(dataSource, "secret_tags", UserId, idempotency, id => Task.FromResult(_secretTags.Find(id)!.ToTag())) is { } earlier)
            return earlier;
        if (_secretTags.NameTaken(tag.Name)) throw new DomainValidationException("name", "You already have a secret tag with this name.");
        if (_secretTags.Count >= SecretTagBook.MaxTags) throw new DomainValidationException("name", $"You have {SecretTagBook.MaxTags} secret tags, the most there can be.");
        var tagId = Guid.NewGuid();
        var kdf = secretTagOptions.Value.Kdf;
        var (_, stored) = await PhraseDerivations.RunAsync(() => SecretTagKey.Create(tag.Phrase, kdf, UserId, tagId));
        var record = new SecretTagRecord(tagId, tag.Name, tag.Color, stored, DateTimeOffset.UtcNow);
        await CommitAsync(SecretTagBook.Insert(new UnitOfWork(), UserId, record, key, idempotency), null);
        _secretTags.Add(record);
        return new CreateResult<SecretTag>(CreateStatus.Created, record.ToTag());
    }

    public Task<ImmutableList<SecretTag>> ListSecretTagsAsync()
    {
        RequireKey();
        return Task.FromResult<ImmutableList<SecretTag>>([.. _secretTags.List()]);
    }

    public async Task<SecretTagUnlock> UnlockSecretTagAsync(Guid tagId, string phrase)
    {
        var tokens = _tokens ?? throw new AccountNotFoundException(UserId);
        if (_secretTags.Find(tagId) is not { } tag) return new(SecretTagUnlockStatus.NotFound, null, null, TimeSpan.Zero);
        // Counted as a failure before the phrase is tried, for all the user's tags together; a right phrase
        // takes back only its own attempt, so unlocking a tag whose phrase one knows resets nothing.
        var attempts = GrainFactory.GetGrain<ILoginAttemptsGrain>(PhraseAttemptsKey(UserId));
        var attempt = await attempts.BeginAsync(secretTagOptions.Value.MaxFailures);
        if (!attempt.Counted) return new(SecretTagUnlockStatus.Throttled, null, null, attempt.RetryAfter);
        if (await PhraseDerivations.RunAsync(() => tag.Key.Open(phrase, UserId, tagId)) is not { } tagKey) return new(SecretTagUnlockStatus.WrongPhrase, null, null, TimeSpan.Zero);
        await attempts.UncountAsync(attempt.At);
        var expiresAt = DateTimeOffset.UtcNow + secretTagOptions.Value.UnlockLifetime;
        return new(SecretTagUnlockStatus.Unlocked, tokens.Issue(tagId, tagKey, expiresAt), expiresAt, TimeSpan.Zero);
    }

    public async Task<bool> DeleteSecretTagAsync(Guid tagId, UserClock clock, SecretUnlocks unlocks)
    {
        var key = RequireKey();
        if (_secretTags.Find(tagId) is null) return false;
        var revealed = await RevealAsync(unlocks, e => e.SecretTagId == tagId);
        if (revealed.KeyOf(tagId) is null) throw new SecretTagLockedException(tagId);
        var now = DateTimeOffset.UtcNow;
        // One transaction: every entry of the tag back under the user's key, in the index and (when live)
        // in insights, and the tag's row gone. Nothing of the tag survives, nothing of its entries is lost.
        var changes = new UnitOfWork();
        var freed = new List<EntryRecord>();
        var activities = new List<ActivityEvent>();
        foreach (var (id, content) in revealed.Contents)
        {
            var entry = revealed.Show(_entries[id])! with { SecretTagId = null, Version = _entries[id].Version + 1, UpdatedAt = now };
            changes.Execute(ReplaceSql, Parameters(entry, key.Seal(SealedEntryText.Purpose, id, content.Text), null));
            RequireIndex().Index(changes, UserId, id, content.Title, content.Content, content.Location, replacing: false);
            freed.Add(entry);
            if (entry.DeletedAt is not null) continue;
            var activity = NextActivity(ActivityEventKind.EntryUpdated, entry, clock, now, before: _entries[id]);
            Activity.Publish(changes, activity);
            activities.Add(activity);
        }
        changes.Execute("DELETE FROM secret_tags WHERE id = @tagId AND user_id = @UserId", new { tagId, UserId });
        await CommitAsync(changes, null);
        foreach (var entry in freed) _entries[entry.Id] = entry;
        _secretTags.Remove(tagId);
        foreach (var activity in activities) await Activity.HandOverAsync(activity);
        return true;
    }

    /// <summary>The key of a user's wrong-phrase counter (<see cref="ILoginAttemptsGrain"/>, the login throttle's grain).</summary>
    public static string PhraseAttemptsKey(Guid userId) => $"secret-tag:{userId:N}";

    private async Task<EditResult<JournalEntry>> MoveAsync(EntryRecord moved, ActivityEventKind kind, RevealedEntries revealed, UserClock clock)
    {
        var changes = new UnitOfWork().Execute(
            "UPDATE journal_entries SET deleted_at = @DeletedAt, version = @Version, updated_at = @UpdatedAt WHERE id = @Id AND user_id = @UserId",
            new { moved.DeletedAt, moved.Version, moved.UpdatedAt, moved.Id, UserId });
        // A deleted entry takes back what it added; a trashed one added nothing.
        var activity = NextActivity(kind, moved, clock, DateTimeOffset.UtcNow, before: kind == ActivityEventKind.EntryDeleted ? moved : null);
        await CommitAsync(changes, activity);
        _entries[moved.Id] = moved;
        if (PurgeDue(moved) is { } due && due < _nextPurge) _nextPurge = due;
        await Activity.HandOverAsync(activity);
        return new(EditStatus.Done, await ReadAsync(moved, revealed));
    }

    // Every write also purges the trash past its retention, and bumps the event sequence when it publishes.
    private async Task CommitAsync(UnitOfWork changes, ActivityEvent? activity)
    {
        var now = DateTimeOffset.UtcNow;
        var purging = now > _nextPurge;
        Guid[] expired = purging ? [.. _entries.Values.Where(e => IsExpired(e, now)).Select(e => e.Id)] : [];
        if (expired.Length > 0) changes.Execute("DELETE FROM journal_entries WHERE user_id = @UserId AND id = ANY(@expired)", new { UserId, expired });
        if (activity is not null) Activity.Publish(changes, activity);
        await state.WriteStateAsync(changes);
        foreach (var id in expired) _entries.Remove(id);
        if (purging) _nextPurge = NextPurge();
    }

    /// <summary>
    /// Rewrites an entry's row: its sealed text, its figures (in clear, or concealed under a secret tag) and its
    /// tag. An entry that changes tags loses its create's request hash, which is keyed with the key it was
    /// sealed under then: the user's key must not be able to test guesses of a now secret entry's first text.
    /// </summary>
    private const string ReplaceSql =
        """
        UPDATE journal_entries SET sealed_text = @SealedText, entry_date = @EntryDate, mood = @Mood, mood_rating = @MoodRating, tags = @Tags,
            weather = @Weather, is_private = @IsPrivate, prompt_id = @PromptId, word_count = @WordCount,
            reading_time_seconds = @ReadingTimeSeconds, sentiment = @Sentiment, version = @Version, updated_at = @UpdatedAt, secret_tag_id = @SecretTagId,
            request_hash = CASE WHEN secret_tag_id IS NOT DISTINCT FROM @SecretTagId THEN request_hash END
        WHERE id = @Id AND user_id = @UserId
        """;

    /// <summary>The event of a write to <paramref name="record"/>; <paramref name="before"/> is the entry as stored before an edit or a deletion.</summary>
    private ActivityEvent NextActivity(ActivityEventKind kind, EntryRecord record, UserClock clock, DateTimeOffset now, EntryRecord? before = null) =>
        Activity.Next(kind, record.Id, record.ActivityDate, now, clock, record.WordCount) with
        {
            Entry = kind == ActivityEventKind.EntryDeleted ? null : record.Facts(),
            Before = before?.Facts(),
            WordsBefore = before?.WordCount ?? 0,
        };

    /// <summary>The entry as the request may read it (<paramref name="stored"/> must be visible to it).</summary>
    private async Task<JournalEntry> ReadAsync(EntryRecord stored, RevealedEntries revealed) =>
        revealed.Show(stored)!.ToEntry((await ReadTextsAsync([stored.Id], revealed))[stored.Id]);

    /// <summary>The text of visible entries: plain ones opened with the user's key, secret ones from what the request revealed.</summary>
    private async Task<Dictionary<Guid, SealedEntryText>> ReadTextsAsync(IEnumerable<Guid> entryIds, RevealedEntries revealed)
    {
        var key = RequireKey();
        var texts = new Dictionary<Guid, SealedEntryText>();
        var plain = new List<Guid>();
        foreach (var id in entryIds)
        {
            if (revealed.Contents.TryGetValue(id, out var secret)) texts[id] = secret.Text;
            else plain.Add(id);
        }
        if (plain.Count == 0) return texts;
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(Guid Id, byte[] SealedText)>(
            "SELECT id, sealed_text FROM journal_entries WHERE user_id = @UserId AND id = ANY(@ids) AND secret_tag_id IS NULL", new { UserId, ids = plain.ToArray() });
        foreach (var row in rows) texts[row.Id] = key.Open<SealedEntryText>(SealedEntryText.Purpose, row.Id, row.SealedText);
        return texts;
    }

    /// <summary>
    /// Opens the secret entries, among those <paramref name="include"/> picks, whose tags the request's
    /// <paramref name="unlocks"/> open; the keys and contents live only as long as the request.
    /// </summary>
    private async Task<RevealedEntries> RevealAsync(SecretUnlocks? unlocks, Func<EntryRecord, bool> include)
    {
        if (unlocks is null || unlocks.Tokens.Count == 0 || _tokens is null) return RevealedEntries.None;
        var keys = _secretTags.Open(unlocks, _tokens, DateTimeOffset.UtcNow);
        var ids = _entries.Values.Where(e => e.SecretTagId is { } tagId && keys.ContainsKey(tagId) && include(e)).Select(e => e.Id).ToArray();
        var contents = new Dictionary<Guid, SecretEntryContent>();
        if (ids.Length > 0)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            var rows = await connection.QueryAsync<(Guid Id, Guid SecretTagId, byte[] SealedText)>(
                "SELECT id, secret_tag_id, sealed_text FROM journal_entries WHERE user_id = @UserId AND id = ANY(@ids)", new { UserId, ids });
            foreach (var row in rows)
                contents[row.Id] = RevealedEntries.SealingKey(UserId, keys[row.SecretTagId]).Open<SecretEntryContent>(SecretEntryContent.Purpose, row.Id, row.SealedText);
        }
        return new RevealedEntries(UserId, keys, contents);
    }

    /// <summary>The key of a secret tag the request unlocked; a locked one is refused (403), one the user does not have is a field error.</summary>
    private UserDataKey RequireUnlocked(Guid tagId, RevealedEntries revealed)
    {
        if (_secretTags.Find(tagId) is null) throw new DomainValidationException("secretTagId", "'secretTagId' must be the id of one of your secret tags.");
        return revealed.KeyOf(tagId) ?? throw new SecretTagLockedException(tagId);
    }

    // A plain entry's text is sealed under the user's key; a secret one's text and figures under its tag's key.
    private static byte[] Seal(EntryRecord record, SealedEntryText text, UserDataKey userKey, UserDataKey? tagKey) => tagKey is null
        ? userKey.Seal(SealedEntryText.Purpose, record.Id, text)
        : tagKey.Seal(SecretEntryContent.Purpose, record.Id, record.Secret(text));

    private static EntryRecord Stored(EntryRecord record) => record.SecretTagId is null ? record : record.Concealed();

    private object Parameters(EntryRecord record, byte[] sealedText, IdempotencyKey? idempotency) => new
    {
        UserId, SealedText = sealedText, IdempotencyKey = idempotency?.Key,
        RequestHash = IdempotencyKeys.RequestHash(idempotency),
        record.Id, record.EntryDate, record.ActivityDate, record.Mood, record.MoodRating, Tags = record.Tags.ToArray(), record.Weather,
        record.IsPrivate, record.PromptId, record.WordCount, record.ReadingTimeSeconds, record.Sentiment, record.Version, record.CreatedAt, record.UpdatedAt, record.DeletedAt,
        record.SecretTagId,
    };

    private IEnumerable<EntryRecord> Live() => _entries.Values.Where(e => e.DeletedAt is null);

    /// <summary>Every entry the request may see (the trash included): secret ones only when revealed.</summary>
    private IEnumerable<EntryRecord> Visible(RevealedEntries revealed) => _entries.Values.Select(revealed.Show).OfType<EntryRecord>();

    private static bool Matches(EntryRecord entry, DateOnly? from, DateOnly? to, MoodLabel? mood, string? tag) =>
        (from is null || entry.EntryDate >= from) && (to is null || entry.EntryDate <= to)
        && (mood is null || entry.MoodLabel == mood) && (tag is null || entry.Tags.Contains(tag));

    /// <summary>When a trashed entry passes its retention and is purged; null for an entry not in the trash.</summary>
    private static DateTimeOffset? PurgeDue(EntryRecord entry) => entry.DeletedAt + TrashRetention;

    private static bool IsExpired(EntryRecord entry, DateTimeOffset now) => PurgeDue(entry) < now;

    private DateTimeOffset NextPurge() => _entries.Values.Select(PurgeDue).OfType<DateTimeOffset>().DefaultIfEmpty(DateTimeOffset.MaxValue).Min();

    private UserDataKey RequireKey() => _key ?? throw new AccountNotFoundException(UserId);

    private BlindIndex RequireIndex() => _index ?? throw new AccountNotFoundException(UserId);

    // The mood written most often that day; a tie goes to the mood of the latest of those entries.
    private static MoodLabel? DominantMood(IEnumerable<EntryRecord> day) => day
        .Where(e => e.MoodLabel is not null)
        .GroupBy(e => e.MoodLabel)
        .OrderByDescending(g => g.Count()).ThenByDescending(g => g.Max(e => e.CreatedAt))
        .Select(g => g.Key)
        .FirstOrDefault();
}

/// <summary>The journal grain's stored state: the number of activity events it has published (their sequence).</summary>
public sealed class JournalState : IActivitySequence
{
    public long EventSequence { get; set; }
}
