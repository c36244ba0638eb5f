using System.Collections.Immutable;
using Dapper;
using Journal.GrainInterfaces;
using Journal.GrainInterfaces.Notifications;
using Journal.GrainInterfaces.Reminders;
using Journal.Grains.Activity;
using Journal.Grains.Privacy;
using Journal.Grains.Realtime;
using Journal.Grains.Storage;
using Journal.Persistence.Reminders;
using Journal.Persistence.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Journal.Grains.Reminders;

/// <summary>
/// A user's reminders. Rows are held in memory with their title and description sealed under the
/// user's data key. Every open reminder has a durable runtime reminder (<c>reminder-{id}</c>) due at its
/// time, so it fires although nothing is active, and after a restart. The runtime reminder is
/// registered before the row is written: a crash in between leaves a tick that finds nothing to do,
/// never a reminder that cannot fire.
/// </summary>
[GrainType(GrainTypes.Reminders)]
public sealed class ReminderGrain(
    [UnitOfWorkState("reminders")] IUnitOfWorkState<ReminderState> state,
    NpgsqlDataSource dataSource,
    UserKeyStore keys,
    IUserUpdates updates) : Grain, IReminderGrain
{
    /// <summary>A reminder further ahead than this is a typo (year 2226), not a plan.</summary>
    public static readonly TimeSpan FurthestAhead = TimeSpan.FromDays(5 * 366);

    /// <summary>The runtime stores due times to the microsecond and may wake a hair early: that is still "due".</summary>
    private static readonly TimeSpan DueTolerance = TimeSpan.FromSeconds(1);

    private readonly Dictionary<Guid, ReminderRecord> _reminders = [];
    private UserDataKey? _key;

    private Guid UserId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = await keys.LoadAsync(UserId, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ReminderRecord>(new CommandDefinition(
            $"SELECT {ReminderRecord.Columns} FROM reminders WHERE user_id = @UserId", new { UserId }, cancellationToken: cancellationToken));
        foreach (var row in rows) _reminders[row.Id] = row;
    }

    public async Task<CreateResult<Reminder>> CreateAsync(NewReminder reminder, IdempotencyKey? idempotency)
    {
        var key = RequireKey();
        idempotency = idempotency.KeyedWith(key); // the body carries the reminder's text, which is sealed
        if (await IdempotencyKeys.EarlierResultAsync(dataSource, "reminders", UserId, idempotency, id => Task.FromResult(Read(_reminders[id], key))) is { } earlier)
            return earlier;

        var clock = await GrainFactory.RequireClockAsync(UserId);
        var now = DateTimeOffset.UtcNow;
        var remindAt = CheckRemindAt(reminder.RemindAt, now);
        var id = Guid.NewGuid();
        var text = new ReminderText(reminder.Title, reminder.Description);
        var record = new ReminderRecord
        {
            Id = id,
            SealedText = key.Seal(ReminderText.Purpose, id, text),
            RemindAt = remindAt,
            RepeatLocal = ReminderSchedule.WallClock(remindAt, clock.TimeZone),
            Priority = (short)reminder.Priority,
            Repeat = ReminderRecord.ToText(reminder.Repeat),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await ScheduleAsync(record, now);
        await state.WriteStateAsync(new UnitOfWork().Execute(
            $"""
            INSERT INTO reminders (user_id, idempotency_key, request_hash, {ReminderRecord.Columns})
            VALUES (@UserId, @Key, @RequestHash, @Id, @SealedText, @RemindAt, @RepeatLocal, @Priority, @Repeat, false, NULL, NULL, @CreatedAt, @UpdatedAt)
            """,
            new
            {
                UserId, idempotency?.Key, RequestHash = IdempotencyKeys.RequestHash(idempotency), record.Id, record.SealedText, record.RemindAt,
                record.RepeatLocal, record.Priority, record.Repeat, record.CreatedAt, record.UpdatedAt,
            }));
        _reminders[id] = record;
        return new(CreateStatus.Created, record.ToReminder(text));
    }

    public Task<Page<Reminder>> ListAsync(ReminderQuery query)
    {
        var key = RequireKey();
        var after = query.Cursor is null ? null : ReminderRecord.FromCursor(query.Cursor);
        var matches = _reminders.Values
            .Where(r => query.Completed is null || r.IsCompleted == query.Completed)
            .Where(r => after is null || ReminderRecord.SoonestFirst.Compare(r, after) > 0)
            .Order(ReminderRecord.SoonestFirst)
            .Take(query.Limit + 1)
            .ToList();
        var page = matches.Take(query.Limit).ToList();
        return Task.FromResult(new Page<Reminder>([.. page.Select(r => Read(r, key))], matches.Count > query.Limit ? page[^1].Cursor() : null));
    }

    public async Task<ReminderEditResult> UpdateAsync(Guid reminderId, ReminderChange change)
    {
        var key = RequireKey();
        if (!_reminders.TryGetValue(reminderId, out var record)) return new(ReminderEditStatus.NotFound, null);
        if (record.IsCompleted) return new(ReminderEditStatus.Completed, Read(record, key));

        var now = DateTimeOffset.UtcNow;
        var text = record.Open(key);
        var newText = new ReminderText(change.Title ?? text.Title, change.Description is null ? text.Description : change.Description.Length == 0 ? null : change.Description);
        var updated = record with
        {
            SealedText = key.Seal(ReminderText.Purpose, record.Id, newText),
            Priority = (short)(change.Priority ?? record.Priority),
            Repeat = change.Repeat is { } repeat ? ReminderRecord.ToText(repeat) : record.Repeat,
            UpdatedAt = now,
        };
        if (change.RemindAt is { } remindAt)
        {
            // A new time is a new wall-clock time for the repeats too.
            var clock = await GrainFactory.RequireClockAsync(UserId);
            updated = updated with { RemindAt = CheckRemindAt(remindAt, now) };
            updated = updated with { RepeatLocal = ReminderSchedule.WallClock(updated.RemindAt, clock.TimeZone) };
            await ScheduleAsync(updated, now);
        }
        else if (updated.RemindAt <= now && ReminderSchedule.NextAfter(updated.RepeatLocal, updated.RepeatValue, (await GrainFactory.RequireClockAsync(UserId)).TimeZone, now) is { } next)
        {
            // A one-off reminder that already fired and now repeats starts again at its next wall-clock time.
            updated = updated with { RemindAt = next };
            await ScheduleAsync(updated, now);
        }
        await state.WriteStateAsync(new UnitOfWork().Execute(
            """
            UPDATE reminders SET sealed_text = @SealedText, remind_at = @RemindAt, repeat_local = @RepeatLocal, priority = @Priority, repeat = @Repeat,
                updated_at = @UpdatedAt
            WHERE id = @Id AND user_id = @UserId
            """,
            new { updated.SealedText, updated.RemindAt, updated.RepeatLocal, updated.Priority, updated.Repeat, updated.UpdatedAt, updated.Id, UserId }));
        _reminders[reminderId] = updated;
        return new(ReminderEditStatus.Done, updated.ToReminder(newText));
    }

    public async Task<bool> DeleteAsync(Guid reminderId)
    {
        if (!_reminders.ContainsKey(reminderId)) return false;
        await state.WriteStateAsync(new UnitOfWork().Execute("DELETE FROM reminders WHERE id = @reminderId AND user_id = @UserId", new { reminderId, UserId }));
        _reminders.Remove(reminderId);
        // After the commit: should this fail, the tick finds no reminder and does nothing.
        await this.UnregisterReminder(ReminderRecord.TimerNameOf(reminderId));
        return true;
    }

    public async Task<ReminderEditResult> CompleteAsync(Guid reminderId)
    {
        var key = RequireKey();
        if (!_reminders.TryGetValue(reminderId, out var record)) return new(ReminderEditStatus.NotFound, null);
        if (record.IsCompleted) return new(ReminderEditStatus.Done, Read(record, key));
        var now = DateTimeOffset.UtcNow;
        var completed = record with { IsCompleted = true, CompletedAt = now, UpdatedAt = now };
        await state.WriteStateAsync(new UnitOfWork().Execute(
            "UPDATE reminders SET is_completed = true, completed_at = @CompletedAt, updated_at = @UpdatedAt WHERE id = @Id AND user_id = @UserId",
            new { completed.CompletedAt, completed.UpdatedAt, completed.Id, UserId }));
        _reminders[reminderId] = completed;
        await this.UnregisterReminder(completed.TimerName);
        return new(ReminderEditStatus.Done, Read(completed, key));
    }

    public Task<ImmutableList<Reminder>> ExportAsync()
    {
        var key = RequireKey();
        return Task.FromResult<ImmutableList<Reminder>>([.. _reminders.Values.Order(ReminderRecord.SoonestFirst).Select(r => Read(r, key))]);
    }

    public async Task EraseAsync()
    {
        foreach (var timer in await this.GetReminderNames()) await this.UnregisterReminder(timer);
        await state.ClearStateAsync(new UnitOfWork().Execute("DELETE FROM reminders WHERE user_id = @UserId", new { UserId }));
        _reminders.Clear();
        _key = null;
        DeactivateOnIdle();
    }

    /// <summary>
    /// A reminder is due: it goes into the inbox (which pushes <c>notification</c>) under a dedupe key
    /// of reminder and due time, so a tick fired again after a crash notifies once; devices also get
    /// <c>reminderDue</c>. Then a repeating reminder moves to its next time, a one-off one stays as it
    /// is (fired, not completed) until the user completes or deletes it.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (ReminderRecord.FromTimerName(reminderName) is not { } id || !_reminders.TryGetValue(id, out var record) || record.IsCompleted)
        {
            // Deleted or completed since: nothing is due any more.
            await this.UnregisterReminder(reminderName);
            return;
        }
        var now = DateTimeOffset.UtcNow;
        if (record.RemindAt > now + DueTolerance)
        {
            // A tick registered for an earlier time that a crash kept from being replaced.
            await ScheduleAsync(record, now);
            return;
        }

        var key = RequireKey();
        var text = record.Open(key);
        var notification = await GrainFactory.GetGrain<INotificationGrain>(UserId).NotifyAsync(
            new NewNotification(NotificationKinds.Reminder, text.Title, text.Description ?? "", $"reminder:{id:N}:{record.RemindAt.UtcTicks}"));
        // A notification older than this tick is the one an earlier, interrupted tick made: devices were told then.
        if (notification.CreatedAt >= status.CurrentTickTime)
            await updates.SendAsync(UserId, UserUpdateEvents.ReminderDue, new ReminderDue(id, text.Title, record.RemindAt, record.Priority, notification.Id));

        var clock = await GrainFactory.RequireClockAsync(UserId);
        var next = ReminderSchedule.NextAfter(record.RepeatLocal, record.RepeatValue, clock.TimeZone, record.RemindAt > now ? record.RemindAt : now);
        var fired = record with { RemindAt = next ?? record.RemindAt, LastFiredAt = now };
        if (next is not null) await ScheduleAsync(fired, now);
        await state.WriteStateAsync(new UnitOfWork().Execute(
            "UPDATE reminders SET remind_at = @RemindAt, last_fired_at = @LastFiredAt WHERE id = @Id AND user_id = @UserId",
            new { fired.RemindAt, fired.LastFiredAt, fired.Id, UserId }));
        _reminders[id] = fired;
        // Orleans repeats a once-reminder until it is removed: a one-off one is done once its firing is recorded.
        if (next is null) await this.UnregisterReminder(reminderName);
    }

    private Task ScheduleAsync(ReminderRecord record, DateTimeOffset now) =>
        this.RegisterOnceReminder(record.TimerName, record.RemindAt - now);

    private static DateTimeOffset CheckRemindAt(DateTimeOffset remindAt, DateTimeOffset now)
    {
        if (remindAt <= now) throw new DomainValidationException("remindAt", "The reminder time must be in the future.");
        if (remindAt > now + FurthestAhead) throw new DomainValidationException("remindAt", "The reminder time is more than five years ahead.");
        // Whole microseconds, as PostgreSQL stores them, so memory and the row agree (cursors, dedupe keys).
        return new DateTimeOffset(remindAt.UtcTicks - remindAt.UtcTicks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);
    }

    private static Reminder Read(ReminderRecord record, UserDataKey key) => record.ToReminder(record.Open(key));

    private UserDataKey RequireKey() => _key ?? throw new AccountNotFoundException(UserId);
}

/// <summary>The reminder grain's stored state: nothing but the version its row writes are checked against.</summary>
public sealed class ReminderState;
