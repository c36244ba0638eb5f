using System.Collections.Frozen;
using System.Collections.Immutable;
using Journal.GrainInterfaces.Progress;

namespace Journal.Grains.Progress;

/// <summary>The garden rules of docs/GARDEN.md, on a <see cref="GardenState"/>; pure: "today" is always a parameter.</summary>
public static class GardenRules
{
    public const int EntryPoints = 10;
    public const int WordsPerBonusPoint = 50;
    public const int MaxWordBonus = 5;
    public const int CheckInPoints = 5;
    public const int HabitCompletionPoints = 5;
    public const int DailyCap = 20;
    public const int PointsPerNewPlant = 100;
    public const int WiltingAfterDays = 3;

    /// <summary>Stages in order with the points a plant needs since it was planted; the last one is blooming.</summary>
    private static readonly (string Stage, int Points)[] Stages =
        [("seed", 0), ("sprout", 25), ("sapling", 50), ("budding", 100), ("blooming", 150)];

    /// <summary>Species per theme, handed out in turn by plant index so a plant's species never depends on anything else.</summary>
    private static readonly FrozenDictionary<string, string[]> SpeciesByTheme = new Dictionary<string, string[]>
    {
        ["meadow"] = ["sunflower", "daisy", "lavender", "poppy", "tulip"],
        ["forest"] = ["fern", "oak", "foxglove", "birch", "bluebell"],
        ["desert"] = ["saguaro", "aloe", "agave", "prickly pear", "desert rose"],
        ["zen"] = ["bonsai", "bamboo", "lotus", "cherry blossom", "moss"],
    }.ToFrozenDictionary();

    public static bool IsKnownTheme(string theme) => SpeciesByTheme.ContainsKey(theme);

    /// <summary>The themes a garden can have.</summary>
    public static IEnumerable<string> Themes => SpeciesByTheme.Keys.Order(StringComparer.Ordinal);

    /// <summary>Grows the garden for <paramref name="activity"/>; true when the garden's view changed (points, a new plant or a recovery).</summary>
    public static bool Apply(GardenState state, Activity activity)
    {
        var recovered = false;
        if (state.LastActiveDay is { } lastDay)
        {
            // A day before the latest one (a date replayed after flying west) is closed: no points,
            // or the cap could be dodged by alternating zones.
            if (activity.Day < lastDay)
                return false;
            if (activity.Day > lastDay)
            {
                recovered = IsWilting(lastDay, activity.Day);
                state.PointsOnLastActiveDay = 0;
            }
        }

        if (recovered)
            state.LastRecoveredOn = activity.Day;
        state.LastActiveDay = activity.Day;
        var points = Math.Min(PointsFor(activity), DailyCap - state.PointsOnLastActiveDay);
        state.PointsOnLastActiveDay += points;
        state.GrowthPoints += points;
        var planted = Plant(state, activity.Day);
        return points > 0 || planted || recovered;
    }

    /// <summary>The garden as of <paramref name="today"/> (the user's current activity day): plants wilt after <see cref="WiltingAfterDays"/> days without activity.</summary>
    public static GardenView View(GardenState state, DateOnly today)
    {
        var wilting = state.LastActiveDay is { } lastDay && IsWilting(lastDay, today);
        var species = SpeciesByTheme.GetValueOrDefault(state.Theme) ?? SpeciesByTheme["meadow"];
        var plants = state.Plants.Select((plant, index) =>
        {
            var stage = StageOf(state.GrowthPoints - plant.PlantedAtPoints);
            var shown = wilting ? "wilting" : stage == Stages[^1].Stage ? "blooming" : "growing";
            return new PlantView($"p{index + 1}", species[index % species.Length], stage, plant.PlantedOn, shown);
        });
        return new GardenView(state.Name, state.Theme, state.GrowthPoints, plants.ToImmutableList());
    }

    /// <summary>An entry earns a base plus one point per 50 words (at most 5), so writing more is rewarded but a single long entry cannot dominate.</summary>
    private static int PointsFor(Activity activity) => activity.Kind switch
    {
        ActivityKind.JournalEntry => EntryPoints + Math.Min(MaxWordBonus, Math.Max(0, activity.Words) / WordsPerBonusPoint),
        ActivityKind.CheckIn => CheckInPoints,
        ActivityKind.HabitCompletion => HabitCompletionPoints,
        _ => throw new ArgumentOutOfRangeException(nameof(activity), activity.Kind, "Unknown activity kind"),
    };

    /// <summary>Plants the first plant on the first activity, then one more each time the points pass another <see cref="PointsPerNewPlant"/>.</summary>
    private static bool Plant(GardenState state, DateOnly day)
    {
        var planted = false;
        while (state.GrowthPoints >= state.Plants.Count * PointsPerNewPlant)
        {
            state.Plants.Add(new PlantState { PlantedOn = day, PlantedAtPoints = state.Plants.Count * PointsPerNewPlant });
            planted = true;
        }
        return planted;
    }

    private static bool IsWilting(DateOnly lastActiveDay, DateOnly day) => day.DayNumber - lastActiveDay.DayNumber >= WiltingAfterDays;

    private static string StageOf(int points) => Stages.Last(stage => points >= stage.Points).Stage;
}
