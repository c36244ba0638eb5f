using System.Collections.Immutable;
using Journal.Runtime;

namespace Journal.GrainInterfaces.Reminders;

/// <summary>
/// A user's reminders (key = user id): the single writer of their reminders rows. Each open reminder
/// has a durable runtime reminder for its next due time; when it fires, the grain notifies the user
/// (inbox and <c>reminderDue</c> push) and moves a repeating one to its next time (docs/HABITS.md).
/// </summary>
public interface IReminderGrain : IGrainWithGuidKey, IRemindable
{
    /// <summary>Creates a reminder; with an idempotency key, a retry returns the first result.</summary>
    Task<CreateResult<Reminder>> CreateAsync(NewReminder reminder, IdempotencyKey? idempotency);

    [ReadOnly]
    Task<Page<Reminder>> ListAsync(ReminderQuery query);

    Task<ReminderEditResult> UpdateAsync(Guid reminderId, ReminderChange change);

    /// <summary>Deletes the reminder; false when there is no such reminder.</summary>
    Task<bool> DeleteAsync(Guid reminderId);

    /// <summary>Marks the reminder done (a repeating one stops); completing it again keeps the first completion time.</summary>
    Task<ReminderEditResult> CompleteAsync(Guid reminderId);

    [ReadOnly]
    Task<ImmutableList<Reminder>> ExportAsync();

    Task EraseAsync();
}

public enum ReminderRepeat { None, Daily, Weekly, Monthly }

/// <summary>A validated reminder; <paramref name="RemindAt"/> must be in the future (the grain checks it against its clock).</summary>
public sealed record NewReminder(string Title, string? Description, DateTimeOffset RemindAt, int Priority, ReminderRepeat Repeat);

/// <summary>A partial update: null leaves a field as it is; an empty description clears it.</summary>
public sealed record ReminderChange(string? Title, string? Description, DateTimeOffset? RemindAt, int? Priority, ReminderRepeat? Repeat);

public sealed record Reminder(
    Guid Id,
    string Title,
    string? Description,
    DateTimeOffset RemindAt,
    int Priority,
    ReminderRepeat Repeat,
    bool IsCompleted,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? LastFiredAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary><paramref name="Completed"/> null lists all, true only completed, false only open reminders; soonest first.</summary>
public sealed record ReminderQuery(string? Cursor, int Limit, bool? Completed);

/// <summary><see cref="ReminderEditStatus.Completed"/>: a completed reminder is not changed any more.</summary>
public enum ReminderEditStatus { Done, NotFound, Completed }

public sealed record ReminderEditResult(ReminderEditStatus Status, Reminder? Reminder);

/// <summary>What the <c>reminderDue</c> push carries: enough to show it; the inbox holds the notification.</summary>
public sealed record ReminderDue(Guid ReminderId, string Title, DateTimeOffset RemindAt, int Priority, Guid NotificationId);
