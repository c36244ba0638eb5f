using System.Collections.Immutable;
using Dapper;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Accounts;
using Journal.GrainInterfaces.Journal;
using Journal.GrainInterfaces.Progress;
using Journal.Grains.Activity;
using Journal.Grains.Insights;
using Journal.Grains.Journal.Search;
using Journal.Grains.Privacy;
using Journal.Grains.Storage;
using Journal.Persistence.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Journal.Grains.Journal;

/// <summary>
/// A user's journal. Entry metadata is held in memory for lists, filters, tags and the calendar;
/// title, content and location are stored sealed under the user's data key and decrypted only when
/// an entry is read. Every change is one transaction with the grain's version check and publishes an
/// <see cref="ActivityEvent"/> in it (outbox); the sentiment score is computed while the text is at hand.
/// The entry's blind search index rows change in the same transaction as its text (<see cref="BlindIndex"/>).
/// </summary>
[GrainType(GrainTypes.Journal)]
public sealed class JournalGrain(
    [UnitOfWorkState("journal")] IUnitOfWorkState<JournalState> state,
    NpgsqlDataSource dataSource,
    UserKeyStore keys,
    ILogger<JournalGrain> logger) : Grain, IJournalGrain
{
    public const string EventSource = "journal";

    /// <summary>Deleted entries stay restorable this long (PRODUCT.md §2), then they are purged.</summary>
    public static readonly TimeSpan TrashRetention = TimeSpan.FromDays(30);

    private readonly Dictionary<Guid, EntryRecord> _entries = [];
    private ActivityLog<JournalState>? _activity;
    private UserDataKey? _key;
    private BlindIndex? _index;

    private Guid UserId => this.GetPrimaryKey();

    private ActivityLog<JournalState> Activity => _activity ??= new(this, EventSource, state, logger);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = await keys.LoadAsync(UserId, cancellationToken);
        _index = _key is null ? null : BlindIndex.For(_key);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EntryRecord>(new CommandDefinition(
            $"SELECT {EntryRecord.Columns} FROM journal_entries WHERE user_id = @UserId", new { UserId }, cancellationToken: cancellationToken));
        foreach (var row in rows) _entries[row.Id] = row;
        if (_key is { } key && _index is { } index && await IndexBackfill.PendingAsync(connection, UserId, key, index, cancellationToken) is { } backfill)
            await state.WriteStateAsync(backfill);
    }

    public async Task<CreateResult<JournalEntry>> CreateAsync(NewEntry entry, IdempotencyKey? idempotency)
    {
        var key = RequireKey();
        if (await IdempotencyKeys.EarlierResultAsync(dataSource, "journal_entries", UserId, idempotency, id => ReadAsync(_entries[id])) is { } earlier) return earlier;

        var clock = await GrainFactory.RequireClockAsync(UserId);
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
        };
        var text = new SealedEntryText(entry.Title, entry.Content, entry.Location);
        var changes = new UnitOfWork().Execute(
            $"""
            INSERT INTO journal_entries (user_id, sealed_text, idempotency_key, request_hash, {EntryRecord.Columns})
            VALUES (@UserId, @SealedText, @IdempotencyKey, @RequestHash, @Id, @EntryDate, @ActivityDate, @Mood, @MoodRating, @Tags, @Weather,
                    @IsPrivate, @PromptId, @WordCount, @ReadingTimeSeconds, @Sentiment, @Version, @CreatedAt, @UpdatedAt, @DeletedAt)
            """,
            Parameters(record, key.Seal(SealedEntryText.Purpose, record.Id, text), idempotency));
        RequireIndex().Index(changes, UserId, record.Id, entry.Title, entry.Content, entry.Location, replacing: false);
        var activity = NextActivity(ActivityEventKind.EntryCreated, record, clock, now);
        await CommitAsync(changes, activity);
        _entries[record.Id] = record;
        await Activity.HandOverAsync(activity);
        return new CreateResult<JournalEntry>(CreateStatus.Created, record.ToEntry(text));
    }

    public async Task<JournalEntry?> GetAsync(Guid entryId) =>
        _entries.TryGetValue(entryId, out var record) && record.DeletedAt is null ? await ReadAsync(record) : null;

    public async Task<EditResult<JournalEntry>> UpdateAsync(Guid entryId, EntryChange change, ImmutableList<int>? acceptedVersions)
    {
        var key = RequireKey();
        if (!_entries.TryGetValue(entryId, out var record) || record.DeletedAt is not null) return new(EditStatus.NotFound, null);
        if (acceptedVersions?.Contains(record.Version) == false) return new(EditStatus.VersionMismatch, await ReadAsync(record));

        var clock = await GrainFactory.RequireClockAsync(UserId);
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
        };
        var text = new SealedEntryText(change.Title, change.Content, change.Location);
        var changes = new UnitOfWork().Execute(
            """
            UPDATE journal_entries SET sealed_text = @SealedText, entry_date = @EntryDate, mood = @Mood, mood_rating = @MoodRating, tags = @Tags,
                weather = @Weather, is_private = @IsPrivate, prompt_id = @PromptId, word_count = @WordCount,
                reading_time_seconds = @ReadingTimeSeconds, sentiment = @Sentiment, version = @Version, updated_at = @UpdatedAt
            WHERE id = @Id AND user_id = @UserId
            """,
            Parameters(updated, key.Seal(SealedEntryText.Purpose, updated.Id, text), null));
        RequireIndex().Index(changes, UserId, updated.Id, change.Title, change.Content, change.Location, replacing: true);
        var activity = NextActivity(ActivityEventKind.EntryUpdated, updated, clock, now);
        await CommitAsync(changes, activity);
        _entries[entryId] = updated;
        await Activity.HandOverAsync(activity);
        return new(EditStatus.Done, updated.ToEntry(text));
    }

    public async Task<EditResult<JournalEntry>> DeleteAsync(Guid entryId, ImmutableList<int>? acceptedVersions)
    {
        if (!_entries.TryGetValue(entryId, out var record) || record.DeletedAt is not null) return new(EditStatus.NotFound, null);
        if (acceptedVersions?.Contains(record.Version) == false) return new(EditStatus.VersionMismatch, await ReadAsync(record));
        return await MoveAsync(record, record with { DeletedAt = DateTimeOffset.UtcNow, Version = record.Version + 1 }, ActivityEventKind.EntryDeleted);
    }

    public async Task<EditResult<JournalEntry>> RestoreAsync(Guid entryId)
    {
        if (!_entries.TryGetValue(entryId, out var record)) return new(EditStatus.NotFound, null);
        if (record.DeletedAt is null) return new(EditStatus.NotInTrash, null);
        if (record.DeletedAt + TrashRetention < DateTimeOffset.UtcNow) return new(EditStatus.Gone, null);
        return await MoveAsync(record, record with { DeletedAt = null, Version = record.Version + 1 }, ActivityEventKind.EntryRestored);
    }

    public async Task<Page<JournalEntry>> ListAsync(EntryQuery query)
    {
        var after = query.Cursor is null ? null : EntryRecord.FromCursor(query.Cursor);
        var matches = _entries.Values
            .Where(e => (e.DeletedAt is not null) == query.Trash && !IsExpired(e))
            .Where(e => Matches(e, query.From, query.To, query.Mood, query.Tag))
            .Where(e => after is null || EntryRecord.NewestFirst.Compare(e, after) > 0)
            .Order(EntryRecord.NewestFirst)
            .Take(query.Limit + 1)
            .ToList();
        var page = matches.Take(query.Limit).ToList();
        var texts = await ReadTextsAsync(page.Select(e => e.Id));
        return new Page<JournalEntry>([.. page.Select(e => e.ToEntry(texts[e.Id]))], matches.Count > query.Limit ? page[^1].Cursor() : null);
    }

    public async Task<SearchResult> SearchAsync(SearchQuery query)
    {
        var scores = await JournalSearch.ScoreAsync(dataSource, UserId, RequireIndex().QueryTokens(query.Text));
        var hits = scores
            .Select(hit => new RankedEntry(_entries[hit.EntryId], hit.Score))
            .Where(hit => hit.Entry.DeletedAt is null && Matches(hit.Entry, query.From, query.To, query.Mood, query.Tag));
        var (page, next, total, facets) = JournalSearch.Rank(hits, query.Cursor, query.Limit);
        var texts = await ReadTextsAsync(page.Select(hit => hit.Entry.Id));
        var terms = SearchText.Terms(query.Text).ToHashSet(StringComparer.Ordinal);
        return new SearchResult([.. page.Select(hit => hit.ToHit(texts[hit.Entry.Id], terms))], next, total, facets);
    }

    /// <summary>Tags starting with <paramref name="prefix"/>, most used first, then tags that look like it (a typo: <see cref="TagSuggestions"/>).</summary>
    public async Task<ImmutableList<TagCount>> GetTagsAsync(string? prefix, int limit)
    {
        var tags = Live().SelectMany(e => e.Tags)
            .Where(tag => prefix is null || tag.StartsWith(prefix, StringComparison.Ordinal))
            .GroupBy(tag => tag)
            .Select(g => new TagCount(g.Key, g.Count()))
            .OrderByDescending(t => t.Entries).ThenBy(t => t.Tag, StringComparer.Ordinal)
            .Take(limit)
            .ToImmutableList();
        if (prefix is null || prefix.Length < TagSuggestions.MinTypedLength || tags.Count == limit) return tags;
        return tags.AddRange(await TagSuggestions.SimilarAsync(dataSource, UserId, prefix, [.. tags.Select(t => t.Tag)], limit - tags.Count));
    }

    public Task<ImmutableList<CalendarDay>> GetCalendarAsync(int year, int month) => Task.FromResult(
        Live().Where(e => e.EntryDate.Year == year && e.EntryDate.Month == month)
            .GroupBy(e => e.EntryDate)
            .OrderBy(day => day.Key)
            .Select(day => new CalendarDay(day.Key, day.Count(), DominantMood(day)))
            .ToImmutableList());

    public async Task<ImmutableList<KeywordCount>> GetKeywordsAsync(DateOnly from, DateOnly to, int limit)
    {
        var texts = await ReadTextsAsync(Live().Where(e => !e.IsPrivate && e.EntryDate >= from && e.EntryDate <= to).Select(e => e.Id));
        return Keywords.Top(texts.Values.Select(text => $"{text.Title} {text.Content}"), limit);
    }

    public async Task<ImmutableList<JournalEntry>> ExportAsync()
    {
        var all = _entries.Values.Order(EntryRecord.NewestFirst).ToList();
        var texts = await ReadTextsAsync(all.Select(e => e.Id));
        return [.. all.Select(e => e.ToEntry(texts[e.Id]))];
    }

    public async Task EraseAsync()
    {
        await state.ClearStateAsync(new UnitOfWork().Execute("DELETE FROM journal_entries WHERE user_id = @UserId", new { UserId }));
        _entries.Clear();
        _key = null;
        _index = null;
        DeactivateOnIdle();
    }

    private async Task<EditResult<JournalEntry>> MoveAsync(EntryRecord record, EntryRecord moved, ActivityEventKind kind)
    {
        var clock = await GrainFactory.RequireClockAsync(UserId);
        var changes = new UnitOfWork().Execute(
            "UPDATE journal_entries SET deleted_at = @DeletedAt, version = @Version, updated_at = @UpdatedAt WHERE id = @Id AND user_id = @UserId",
            new { moved.DeletedAt, moved.Version, moved.UpdatedAt, moved.Id, UserId });
        var activity = NextActivity(kind, moved, clock, DateTimeOffset.UtcNow);
        await CommitAsync(changes, activity);
        _entries[record.Id] = moved;
        await Activity.HandOverAsync(activity);
        return new(EditStatus.Done, await ReadAsync(moved));
    }

    // Every write also purges the trash past its retention, and bumps the event sequence when it publishes.
    private async Task CommitAsync(UnitOfWork changes, ActivityEvent? activity)
    {
        var expired = _entries.Values.Where(IsExpired).Select(e => e.Id).ToArray();
        if (expired.Length > 0) changes.Execute("DELETE FROM journal_entries WHERE user_id = @UserId AND id = ANY(@expired)", new { UserId, expired });
        if (activity is not null) Activity.Publish(changes, activity);
        await state.WriteStateAsync(changes);
        foreach (var id in expired) _entries.Remove(id);
    }

    private ActivityEvent NextActivity(ActivityEventKind kind, EntryRecord record, UserClock clock, DateTimeOffset now) =>
        Activity.Next(kind, record.Id, record.ActivityDate, now, clock, record.WordCount) with
        {
            Entry = kind == ActivityEventKind.EntryDeleted ? null : record.Facts(),
        };

    private async Task<JournalEntry> ReadAsync(EntryRecord record) => record.ToEntry((await ReadTextsAsync([record.Id]))[record.Id]);

    private async Task<Dictionary<Guid, SealedEntryText>> ReadTextsAsync(IEnumerable<Guid> entryIds)
    {
        var key = RequireKey();
        var ids = entryIds.ToArray();
        if (ids.Length == 0) return [];
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(Guid Id, byte[] SealedText)>(
            "SELECT id, sealed_text FROM journal_entries WHERE user_id = @UserId AND id = ANY(@ids)", new { UserId, ids });
        return rows.ToDictionary(row => row.Id, row => key.Open<SealedEntryText>(SealedEntryText.Purpose, row.Id, row.SealedText));
    }

    private object Parameters(EntryRecord record, byte[] sealedText, IdempotencyKey? idempotency) => new
    {
        UserId, SealedText = sealedText, IdempotencyKey = idempotency?.Key,
        RequestHash = IdempotencyKeys.RequestHash(idempotency),
        record.Id, record.EntryDate, record.ActivityDate, record.Mood, record.MoodRating, Tags = record.Tags.ToArray(), record.Weather,
        record.IsPrivate, record.PromptId, record.WordCount, record.ReadingTimeSeconds, record.Sentiment, record.Version, record.CreatedAt, record.UpdatedAt, record.DeletedAt,
    };

    private IEnumerable<EntryRecord> Live() => _entries.Values.Where(e => e.DeletedAt is null);

    private static bool Matches(EntryRecord entry, DateOnly? from, DateOnly? to, MoodLabel? mood, string? tag) =>
        (from is null || entry.EntryDate >= from) && (to is null || entry.EntryDate <= to)
        && (mood is null || entry.MoodLabel == mood) && (tag is null || entry.Tags.Contains(tag));

    private static bool IsExpired(EntryRecord entry) => entry.DeletedAt + TrashRetention < DateTimeOffset.UtcNow;

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
