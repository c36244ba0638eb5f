using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Journal.GrainInterfaces.Reminders;

/// <summary>
/// A user's reminders (key = user id): the single writer of their reminders rows. Each open reminder
/// has a durable runtime reminder for its next due time; when it fires, the grain notifies the user
/// (inbox and <c>reminderDue</c> push) and moves a repeating one to its next time (docs/HABITS.md).
/// </summary>
[Alias("journal.IReminderGrain")]
public interface IReminderGrain : IGrainWithGuidKey, IRemindable
{
    /// <summary>Creates a reminder; with an idempotency key, a retry returns the first result.</summary>
    [Alias("CreateAsync")]
    Task<CreateResult<Reminder>> CreateAsync(NewReminder reminder, IdempotencyKey? idempotency);

    [ReadOnly]
    [Alias("ListAsync")]
    Task<Page<Reminder>> ListAsync(ReminderQuery query);

    [Alias("UpdateAsync")]
    Task<ReminderEditResult> UpdateAsync(Guid reminderId, ReminderChange change);

    /// <summary>Deletes the reminder; false when there is no such reminder.</summary>
    [Alias("DeleteAsync")]
    Task<bool> DeleteAsync(Guid reminderId);

    /// <summary>Marks the reminder done (a repeating one stops); completing it again keeps the first completion time.</summary>
    [Alias("CompleteAsync")]
    Task<ReminderEditResult> CompleteAsync(Guid reminderId);

    [ReadOnly]
    [Alias("ExportAsync")]
    Task<ImmutableList<Reminder>> ExportAsync();

    [Alias("EraseAsync")]
    Task EraseAsync();
}

[GenerateSerializer, Alias("journal.ReminderRepeat")]
public enum ReminderRepeat { None, Daily, Weekly, Monthly }

/// <summary>A validated reminder; <paramref name="RemindAt"/> must be in the future (the grain checks it against its clock).</summary>
[GenerateSerializer, Immutable, Alias("journal.NewReminder")]
public sealed record NewReminder(string Title, string? Description, DateTimeOffset RemindAt, int Priority, ReminderRepeat Repeat);

/// <summary>A partial update: null leaves a field as it is; an empty description clears it.</summary>
[GenerateSerializer, Immutable, Alias("journal.ReminderChange")]
public sealed record ReminderChange(string? Title, string? Description, DateTimeOffset? RemindAt, int? Priority, ReminderRepeat? Repeat);

[GenerateSerializer, Immutable, Alias("journal.Reminder")]
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
[GenerateSerializer, Immutable, Alias("journal.ReminderQuery")]
public sealed record ReminderQuery(string? Cursor, int Limit, bool? Completed);

/// <summary><see cref="ReminderEditStatus.Completed"/>: a completed reminder is not changed any more.</summary>
[GenerateSerializer, Alias("journal.ReminderEditStatus")]
public enum ReminderEditStatus { Done, NotFound, Completed }

[GenerateSerializer, Immutable, Alias("journal.ReminderEditResult")]
public sealed record ReminderEditResult(ReminderEditStatus Status, Reminder? Reminder);

/// <summary>What the <c>reminderDue</c> push carries: enough to show it; the inbox holds the notification.</summary>
[GenerateSerializer, Immutable, Alias("journal.ReminderDue")]
public sealed record ReminderDue(Guid ReminderId, string Title, DateTimeOffset RemindAt, int Priority, Guid NotificationId);
