using Journal.GrainInterfaces.Reminders;
using Journal.Grains.Privacy;

namespace Journal.Grains.Reminders;

/// <summary>A reminders row as the reminder grain keeps it in memory; title and description stay sealed until read.</summary>
internal sealed record ReminderRecord
{
    public const string Columns =
        "id, sealed_text, remind_at, repeat_local, priority, repeat, is_completed, completed_at, last_fired_at, created_at, updated_at";

    public Guid Id { get; init; }
    public byte[] SealedText { get; init; } = [];
    public DateTimeOffset RemindAt { get; init; }
    public DateTime RepeatLocal { get; init; }
    public short Priority { get; init; }
    public string Repeat { get; init; } = "none";
    public bool IsCompleted { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public DateTimeOffset? LastFiredAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public ReminderRepeat RepeatValue => Enum.Parse<ReminderRepeat>(Repeat, ignoreCase: true);

    /// <summary>The name of the durable runtime reminder that fires this one.</summary>
    public string TimerName => TimerNameOf(Id);

    public static string TimerNameOf(Guid id) => $"reminder-{id:N}";

    public static Guid? FromTimerName(string name) =>
        name.StartsWith("reminder-", StringComparison.Ordinal) && Guid.TryParseExact(name["reminder-".Length..], "N", out var id) ? id : null;

    public static string ToText(ReminderRepeat repeat) => repeat.ToString().ToLowerInvariant();

    public ReminderText Open(UserDataKey key) => key.Open<ReminderText>(ReminderText.Purpose, Id, SealedText);

    public Reminder ToReminder(ReminderText text) => new(Id, text.Title, text.Description, RemindAt, Priority, RepeatValue, IsCompleted, CompletedAt,
        LastFiredAt, CreatedAt, UpdatedAt);

    public string Cursor() => Storage.Cursor.Encode(RemindAt.UtcTicks.ToString(), Id.ToString("N"));

    /// <summary>A probe that sorts exactly where the reminder the cursor names did.</summary>
    public static ReminderRecord FromCursor(string cursor)
    {
        var parts = Storage.Cursor.Decode(cursor, 2);
        return new ReminderRecord { RemindAt = Storage.Cursor.ParseInstant(parts[0]), Id = Storage.Cursor.Parse<Guid>(parts[1]) };
    }

    /// <summary>Soonest first: by due time, then id (a total order for cursors).</summary>
    public static readonly IComparer<ReminderRecord> SoonestFirst = Comparer<ReminderRecord>.Create((a, b) =>
    {
        var byTime = a.RemindAt.CompareTo(b.RemindAt);
        return byTime != 0 ? byTime : a.Id.CompareTo(b.Id);
    });
}

/// <summary>A reminder's private words, sealed together under the user's data key.</summary>
internal sealed record ReminderText(string Title, string? Description)
{
    public const string Purpose = "reminder-text";
}
