using System.Collections.Immutable;
using Dapper;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Accounts;
using Journal.GrainInterfaces.Habits;
using Journal.GrainInterfaces.Progress;
using Journal.Grains.Activity;
using Journal.Grains.Storage;
using Journal.Persistence.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Journal.Grains.Habits;

/// <summary>
/// A user's habits. Habits and their completion dates are held in memory; streaks are computed from
/// them on every read, as of the user's today. Each completion publishes an <see cref="ActivityEvent"/>
/// in its own transaction (outbox), which grows the user's garden. The user's clock comes with each call
/// (the one the request's session check read): the grain never asks the account grain.
/// </summary>
[GrainType(GrainTypes.Habits)]
public sealed class HabitGrain(
    [UnitOfWorkState("habits")] IUnitOfWorkState<HabitState> state,
    NpgsqlDataSource dataSource,
    ILogger<HabitGrain> logger) : Grain, IHabitGrain
{
    public const string EventSource = "habits";

    /// <summary>A completion may be logged late (a forgotten day), but not for a date more than this many days ago.</summary>
    public const int OldestCompletionDays = 366;

    private readonly Dictionary<Guid, HabitRecord> _habits = [];
    private ActivityLog<HabitState>? _activity;
    private readonly Dictionary<Guid, SortedDictionary<DateOnly, DateTimeOffset>> _completions = [];

    private Guid UserId => this.GetPrimaryKey();

    private ActivityLog<HabitState> Activity => _activity ??= new(this, EventSource, state, logger);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var habits = await connection.QueryAsync<HabitRecord>(new CommandDefinition(
            $"SELECT {HabitRecord.Columns} FROM habits WHERE user_id = @UserId", new { UserId }, cancellationToken: cancellationToken));
        foreach (var habit in habits)
        {
            _habits[habit.Id] = habit;
            _completions[habit.Id] = [];
        }
        var completions = await connection.QueryAsync<(Guid HabitId, DateOnly CompletedOn, DateTimeOffset CreatedAt)>(new CommandDefinition(
            "SELECT habit_id, completed_on, created_at FROM habit_completions WHERE user_id = @UserId", new { UserId }, cancellationToken: cancellationToken));
        foreach (var (habitId, day, createdAt) in completions) _completions[habitId][day] = createdAt;
    }

    public async Task<HabitResult> CreateAsync(HabitDefinition habit, UserClock clock, IdempotencyKey? idempotency)
    {
        if (await IdempotencyKeys.EarlierResultAsync(dataSource, "habits", UserId, idempotency,
                id => Task.FromResult(_habits[id].ToHabit(_completions[id].Keys, clock.DayOf(DateTimeOffset.UtcNow)))) is { } earlier)
            return new(earlier.Status == CreateStatus.Replayed ? HabitStatus.Replayed : HabitStatus.KeyReused, earlier.Item);
        var target = HabitPeriods.CheckTarget(habit.Frequency, habit.TargetPerPeriod, habit.PeriodDays);
        if (NameTaken(habit.Name, except: null)) return new(HabitStatus.NameTaken, null);

        var now = DateTimeOffset.UtcNow;
        var record = new HabitRecord
        {
            Id = Guid.NewGuid(),
            Name = habit.Name,
            Frequency = HabitRecord.ToText(habit.Frequency),
            TargetPerPeriod = (short)target,
            PeriodDays = (short?)(habit.Frequency == HabitFrequency.Custom ? habit.PeriodDays : null),
            Meta = habit.Meta,
            CreatedOn = clock.DayOf(now),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await state.WriteStateAsync(new UnitOfWork().Execute(
            $"""
            INSERT INTO habits (user_id, idempotency_key, request_hash, id, name, frequency, target_per_period, period_days, meta, created_on, created_at, updated_at)
            VALUES (@UserId, @Key, @RequestHash, @Id, @Name, @Frequency, @TargetPerPeriod, @PeriodDays, @Meta::jsonb, @CreatedOn, @CreatedAt, @UpdatedAt)
            """,
            new
            {
                UserId, idempotency?.Key, RequestHash = IdempotencyKeys.RequestHash(idempotency), record.Id, record.Name, record.Frequency,
                record.TargetPerPeriod, record.PeriodDays, record.Meta, record.CreatedOn, record.CreatedAt, record.UpdatedAt,
            }));
        _habits[record.Id] = record;
        _completions[record.Id] = [];
        return new(HabitStatus.Created, record.ToHabit([], clock.DayOf(now)));
    }

    public Task<Page<Habit>> ListAsync(string? cursor, int limit, UserClock clock)
    {
        var after = cursor is null ? null : HabitRecord.FromCursor(cursor);
        var today = clock.DayOf(DateTimeOffset.UtcNow);
        var matches = _habits.Values
            .Where(h => after is null || HabitRecord.OldestFirst.Compare(h, after) > 0)
            .Order(HabitRecord.OldestFirst)
            .Take(limit + 1)
            .ToList();
        var page = matches.Take(limit).ToList();
        return Task.FromResult(new Page<Habit>([.. page.Select(h => h.ToHabit(_completions[h.Id].Keys, today))], matches.Count > limit ? page[^1].Cursor() : null));
    }

    public async Task<HabitResult> UpdateAsync(Guid habitId, HabitChange change, UserClock clock)
    {
        if (!_habits.TryGetValue(habitId, out var record)) return new(HabitStatus.NotFound, null);
        var frequency = change.Frequency ?? record.FrequencyValue;
        // A new frequency needs a target that fits it: the old one is kept only when it still does.
        var periodDays = change.Meta is not null ? change.PeriodDays : record.PeriodDays;
        var target = HabitPeriods.CheckTarget(frequency, change.TargetPerPeriod ?? (change.Frequency is null ? record.TargetPerPeriod : null), periodDays);
        if (change.Name is not null && NameTaken(change.Name, except: habitId)) return new(HabitStatus.NameTaken, null);

        var updated = record with
        {
            Name = change.Name ?? record.Name,
            Frequency = HabitRecord.ToText(frequency),
            TargetPerPeriod = (short)target,
            PeriodDays = (short?)(frequency == HabitFrequency.Custom ? periodDays : null),
            Meta = change.Meta ?? record.Meta,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        await state.WriteStateAsync(new UnitOfWork().Execute(
            """
            UPDATE habits SET name = @Name, frequency = @Frequency, target_per_period = @TargetPerPeriod, period_days = @PeriodDays,
                meta = @Meta::jsonb, updated_at = @UpdatedAt
            WHERE id = @Id AND user_id = @UserId
            """,
            new { updated.Name, updated.Frequency, updated.TargetPerPeriod, updated.PeriodDays, updated.Meta, updated.UpdatedAt, updated.Id, UserId }));
        _habits[habitId] = updated;
        return new(HabitStatus.Updated, updated.ToHabit(_completions[habitId].Keys, clock.DayOf(DateTimeOffset.UtcNow)));
    }

    public async Task<bool> DeleteAsync(Guid habitId)
    {
        if (!_habits.ContainsKey(habitId)) return false;
        await state.WriteStateAsync(new UnitOfWork().Execute("DELETE FROM habits WHERE id = @habitId AND user_id = @UserId", new { habitId, UserId }));
        _habits.Remove(habitId);
        _completions.Remove(habitId);
        return true;
    }

    public async Task<CompletionResult> CompleteAsync(Guid habitId, DateOnly? date, UserClock clock)
    {
        if (!_habits.TryGetValue(habitId, out var habit)) return new(CompletionStatus.NotFound, null);
        var now = DateTimeOffset.UtcNow;
        var today = clock.DayOf(now);
        var day = date ?? today;
        if (day > today) throw new DomainValidationException("date", $"The date is in the future for your time zone (today is {today:yyyy-MM-dd}).");
        if (day < today.AddDays(-OldestCompletionDays)) throw new DomainValidationException("date", "The date is more than a year ago.");

        var completions = _completions[habitId];
        if (completions.TryGetValue(day, out var first))
            return new(CompletionStatus.AlreadyDone, new HabitCompletion(habitId, day, first, habit.ToHabit(completions.Keys, today).Streak));

        // As for journal entries: today or yesterday (a late sync) grows that day's garden, an older
        // date is a late record made today, so the garden cannot be grown backwards.
        var activityDay = day >= today.AddDays(-1) ? day : today;
        var activity = Activity.Next(ActivityEventKind.HabitCompleted, habitId, activityDay, now, clock);
        await state.WriteStateAsync(Activity.Publish(new UnitOfWork()
            .Execute(
                """
                INSERT INTO habit_completions (habit_id, user_id, completed_on, activity_date, created_at)
                VALUES (@habitId, @UserId, @day, @activityDay, @now)
                """,
                new { habitId, UserId, day, activityDay, now }), activity));
        completions[day] = now;
        await Activity.HandOverAsync(activity);
        return new(CompletionStatus.Created, new HabitCompletion(habitId, day, now, habit.ToHabit(completions.Keys, today).Streak));
    }

    public Task<ImmutableList<HabitExport>> ExportAsync(UserClock clock)
    {
        var today = clock.DayOf(DateTimeOffset.UtcNow);
        return Task.FromResult<ImmutableList<HabitExport>>([.. _habits.Values.Order(HabitRecord.OldestFirst).Select(h => new HabitExport(h.ToHabit(_completions[h.Id].Keys, today), [.. _completions[h.Id].Keys]))]);
    }

    public async Task EraseAsync()
    {
        await state.ClearStateAsync(new UnitOfWork()
            .Execute("DELETE FROM habit_completions WHERE user_id = @UserId", new { UserId })
            .Execute("DELETE FROM habits WHERE user_id = @UserId", new { UserId }));
        _habits.Clear();
        _completions.Clear();
        DeactivateOnIdle();
    }

    // Names are unique per user ignoring case, as the unique index on lower(name) has it.
    private bool NameTaken(string name, Guid? except) =>
        _habits.Values.Any(h => h.Id != except && string.Equals(h.Name.ToLowerInvariant(), name.ToLowerInvariant(), StringComparison.Ordinal));
}

/// <summary>The habit grain's stored state: the number of activity events it has published (their sequence).</summary>
public sealed class HabitState : IActivitySequence
{
    public long EventSequence { get; set; }
}
