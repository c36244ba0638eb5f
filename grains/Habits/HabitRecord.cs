using Journal.GrainInterfaces.Habits;

namespace Journal.Grains.Habits;

/// <summary>A habits row as the habit grain keeps it in memory.</summary>
internal sealed record HabitRecord
{
    public const string Columns = "id, name, frequency, target_per_period, period_days, meta::text AS meta, created_on, created_at, updated_at";

    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string Frequency { get; init; } = "";
    public short TargetPerPeriod { get; init; }
    public short? PeriodDays { get; init; }
    public string Meta { get; init; } = "{}";
    public DateOnly CreatedOn { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public HabitFrequency FrequencyValue => Enum.Parse<HabitFrequency>(Frequency, ignoreCase: true);

    public HabitPeriods Periods => HabitPeriods.For(FrequencyValue, CreatedOn, PeriodDays);

    public Habit ToHabit(IEnumerable<DateOnly> completedOn, DateOnly today) => new(Id, Name, FrequencyValue, TargetPerPeriod, Meta, CreatedOn, CreatedAt, UpdatedAt,
        HabitStreakRules.Compute(Periods, TargetPerPeriod, completedOn, today));

    public static string ToText(HabitFrequency frequency) => frequency.ToString().ToLowerInvariant();

    public string Cursor() => Storage.Cursor.Encode(CreatedAt.UtcTicks.ToString(), Id.ToString("N"));

    /// <summary>A probe that sorts exactly where the habit the cursor names did.</summary>
    public static HabitRecord FromCursor(string cursor)
    {
        var parts = Storage.Cursor.Decode(cursor, 2);
        return new HabitRecord { CreatedAt = Storage.Cursor.ParseInstant(parts[0]), Id = Storage.Cursor.Parse<Guid>(parts[1]) };
    }

    /// <summary>Oldest first: by creation, then id (a total order for cursors).</summary>
    public static readonly IComparer<HabitRecord> OldestFirst = Comparer<HabitRecord>.Create((a, b) =>
    {
        var byCreation = a.CreatedAt.CompareTo(b.CreatedAt);
        return byCreation != 0 ? byCreation : a.Id.CompareTo(b.Id);
    });
}
