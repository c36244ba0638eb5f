using System.Collections.Immutable;
using Dapper;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Accounts;
using Journal.GrainInterfaces.Mood;
using Journal.GrainInterfaces.Progress;
using Journal.Grains.Activity;
using Journal.Grains.Privacy;
using Journal.Grains.Storage;
using Journal.Persistence.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Journal.Grains.Mood;

/// <summary>
/// A user's check-ins and AI-usage log. Notes are sealed under the user's data key; each check-in and
/// AI-usage log publishes an <see cref="ActivityEvent"/> in its own transaction (outbox) for the
/// user's progress and insights.
/// </summary>
[GrainType(GrainTypes.Mood)]
public sealed class MoodGrain(
    [UnitOfWorkState("mood")] IUnitOfWorkState<MoodState> state,
    NpgsqlDataSource dataSource,
    UserKeyStore keys,
    ILogger<MoodGrain> logger) : Grain, IMoodGrain
{
    public const string EventSource = "mood";

    /// <summary>A check-in sent late (offline phone) counts for the day it happened if it reached us within this.</summary>
    public static readonly TimeSpan LateSyncWindow = TimeSpan.FromHours(48);

    /// <summary>Logs are for the recent past: a moment older than this is a mistake (e.g. year 0001).</summary>
    public static readonly TimeSpan OldestMoment = TimeSpan.FromDays(366);

    /// <summary>Client clocks run a little fast; a moment this far ahead is still "now".</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private UserDataKey? _key;
    private ActivityLog<MoodState>? _activity;

    private Guid UserId => this.GetPrimaryKey();

    private ActivityLog<MoodState> Activity => _activity ??= new(this, EventSource, state, logger);

    public override async Task OnActivateAsync(CancellationToken cancellationToken) => _key = await keys.LoadAsync(UserId, cancellationToken);

    public async Task<CreateResult<CheckIn>> CheckInAsync(NewCheckIn checkIn, UserClock clock, IdempotencyKey? idempotency)
    {
        var key = RequireKey();
        idempotency = idempotency.KeyedWith(key); // the body carries the notes, which are sealed
        if (await EarlierResultAsync<CheckInRow, CheckIn>("checkins", CheckInRow.Columns, idempotency, row => row.ToCheckIn(key)) is { } earlier) return earlier;

        var now = DateTimeOffset.UtcNow;
        var at = CheckMoment(checkIn.At, now);
        var checkInId = Guid.NewGuid();
        var row = new CheckInRow
        {
            Id = checkInId,
            AnxietyLevel = (short)checkIn.AnxietyLevel,
            Mood = MoodLabels.ToText(checkIn.Mood),
            Triggers = checkIn.Triggers,
            At = at,
            ActivityDate = clock.DayOf(at >= now - LateSyncWindow ? at : now),
            SealedNotes = checkIn.Notes is null ? null : key.Seal(CheckInRow.Purpose, checkInId, checkIn.Notes),
            CreatedAt = now,
        };
        var activity = Activity.Next(ActivityEventKind.CheckInCreated, row.Id, row.ActivityDate, now, clock) with
        {
            CheckIn = new CheckInFacts(checkIn.AnxietyLevel, checkIn.Mood),
        };
        await state.WriteStateAsync(Activity.Publish(new UnitOfWork()
            .Execute(
                $"""
                INSERT INTO checkins (user_id, idempotency_key, request_hash, {CheckInRow.Columns})
                VALUES (@UserId, @Key, @RequestHash, @Id, @AnxietyLevel, @Mood, @Triggers, @SealedNotes, @At, @ActivityDate, @CreatedAt)
                """,
                new
                {
                    UserId, idempotency?.Key, RequestHash = IdempotencyKeys.RequestHash(idempotency), row.Id, row.AnxietyLevel, row.Mood,
                    Triggers = row.Triggers.ToArray(), row.SealedNotes, row.At, row.ActivityDate, row.CreatedAt,
                }), activity));
        await Activity.HandOverAsync(activity);
        return new(CreateStatus.Created, row.ToCheckIn(key));
    }

    public async Task<Page<CheckIn>> ListCheckInsAsync(TimeRangeQuery query)
    {
        var key = RequireKey();
        return await ListAsync<CheckInRow, CheckIn>("checkins", CheckInRow.Columns, query, row => (row.At, row.Id), row => row.ToCheckIn(key));
    }

    public async Task<CreateResult<AiUsage>> LogAiUsageAsync(NewAiUsage usage, UserClock clock, IdempotencyKey? idempotency)
    {
        var key = RequireKey();
        idempotency = idempotency.KeyedWith(key); // the body carries the notes, which are sealed
        if (await EarlierResultAsync<AiUsageRow, AiUsage>("ai_usage_logs", AiUsageRow.Columns, idempotency, row => row.ToAiUsage(key)) is { } earlier) return earlier;

        var now = DateTimeOffset.UtcNow;
        var usageId = Guid.NewGuid();
        var row = new AiUsageRow
        {
            Id = usageId,
            ToolName = usage.ToolName,
            DurationMinutes = usage.DurationMinutes,
            SealedNotes = usage.Notes is null ? null : key.Seal(AiUsageRow.Purpose, usageId, usage.Notes),
            At = CheckMoment(usage.At, now),
            CreatedAt = now,
        };
        var activity = Activity.Next(ActivityEventKind.AiUsageLogged, row.Id, clock.DayOf(row.At), now, clock);
        await state.WriteStateAsync(Activity.Publish(new UnitOfWork()
            .Execute(
                $"""
                INSERT INTO ai_usage_logs (user_id, idempotency_key, request_hash, {AiUsageRow.Columns})
                VALUES (@UserId, @Key, @RequestHash, @Id, @ToolName, @DurationMinutes, @SealedNotes, @At, @CreatedAt)
                """,
                new { UserId, idempotency?.Key, RequestHash = IdempotencyKeys.RequestHash(idempotency), row.Id, row.ToolName, row.DurationMinutes, row.SealedNotes, row.At, row.CreatedAt }),
            activity));
        // Progress does not count AI use, but takes every event of the source in order: handing this one over keeps the next check-in's hand-over in sequence.
        await Activity.HandOverAsync(activity);
        return new(CreateStatus.Created, row.ToAiUsage(key));
    }

    public async Task<Page<AiUsage>> ListAiUsageAsync(TimeRangeQuery query)
    {
        var key = RequireKey();
        return await ListAsync<AiUsageRow, AiUsage>("ai_usage_logs", AiUsageRow.Columns, query, row => (row.At, row.Id), row => row.ToAiUsage(key));
    }

    public async Task<MoodExport> ExportAsync()
    {
        var key = RequireKey();
        await using var connection = await dataSource.OpenConnectionAsync();
        var checkIns = await connection.QueryAsync<CheckInRow>($"SELECT {CheckInRow.Columns} FROM checkins WHERE user_id = @UserId ORDER BY at DESC, id DESC", new { UserId });
        var usage = await connection.QueryAsync<AiUsageRow>($"SELECT {AiUsageRow.Columns} FROM ai_usage_logs WHERE user_id = @UserId ORDER BY at DESC, id DESC", new { UserId });
        return new MoodExport([.. checkIns.Select(row => row.ToCheckIn(key))], [.. usage.Select(row => row.ToAiUsage(key))]);
    }

    public async Task EraseAsync()
    {
        await state.ClearStateAsync(new UnitOfWork()
            .Execute("DELETE FROM checkins WHERE user_id = @UserId", new { UserId })
            .Execute("DELETE FROM ai_usage_logs WHERE user_id = @UserId", new { UserId }));
        _key = null;
        DeactivateOnIdle();
    }

    private static DateTimeOffset CheckMoment(DateTimeOffset? at, DateTimeOffset now) => at switch
    {
        null => now,
        { } given when given > now + ClockSkew => throw new DomainValidationException("at", "The moment is in the future."),
        { } given when given < now - OldestMoment => throw new DomainValidationException("at", "The moment is more than a year ago."),
        { } given => given.ToUniversalTime(),
    };

    // Newest first by (at, id).
    private async Task<Page<T>> ListAsync<TRow, T>(string table, string columns, TimeRangeQuery query, Func<TRow, (DateTimeOffset At, Guid Id)> position, Func<TRow, T> toItem)
    {
        var (afterAt, afterId) = TimeCursor.Decode(query.Cursor);
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<TRow>(
            $"""
            SELECT {columns} FROM {table}
            WHERE user_id = @UserId
              AND (@From::timestamptz IS NULL OR at >= @From) AND (@To::timestamptz IS NULL OR at <= @To)
              AND (@afterAt::timestamptz IS NULL OR (at, id) < (@afterAt, @afterId))
            ORDER BY at DESC, id DESC
            LIMIT @take
            """,
            new { UserId, query.From, query.To, afterAt, afterId, take = query.Limit + 1 })).ToList();
        return TimeCursor.ToPage(rows, query.Limit, position, toItem);
    }

    private Task<CreateResult<T>?> EarlierResultAsync<TRow, T>(string table, string columns, IdempotencyKey? idempotency, Func<TRow, T> toItem)
        where T : class =>
        IdempotencyKeys.EarlierResultAsync(dataSource, table, UserId, idempotency, async id =>
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            return toItem(await connection.QuerySingleAsync<TRow>($"SELECT {columns} FROM {table} WHERE user_id = @UserId AND id = @id", new { UserId, id }));
        });

    private UserDataKey RequireKey() => _key ?? throw new AccountNotFoundException(UserId);
}

/// <summary>The mood grain's stored state: the number of activity events it has published (their sequence).</summary>
public sealed class MoodState : IActivitySequence
{
    public long EventSequence { get; set; }
}
