using System.Text.Json;
using Journal.GrainInterfaces.Progress;
using Journal.Grains.Progress;
using static Journal.Tests.Progress.Activities;

namespace Journal.Tests.Progress;

public sealed class GardenRulesTests
{
    /// <summary>A long entry and a check-in on each of <paramref name="days"/> days from <paramref name="first"/>: 20 points a day, the cap.</summary>
    private static GardenState FullDays(DateOnly first, int days, GardenState? state = null)
    {
        state ??= new GardenState();
        for (var offset = 0; offset < days; offset++)
        {
            GardenRules.Apply(state, Entry(first.AddDays(offset), words: 250));
            GardenRules.Apply(state, CheckIn(first.AddDays(offset)));
        }
        return state;
    }

    [Fact]
    public void A_new_garden_is_an_empty_meadow()
    {
        var view = GardenRules.View(new GardenState(), Day("2026-03-01"));

        Assert.Equal(("My garden", "meadow", 0, 0), (view.Name, view.Theme, view.GrowthPoints, view.Plants.Count));
    }

    [Fact]
    public void The_first_activity_plants_the_first_plant()
    {
        var state = new GardenState();

        Assert.True(GardenRules.Apply(state, CheckIn(Day("2026-03-01"))));

        var view = GardenRules.View(state, Day("2026-03-01"));
        Assert.Equal(5, view.GrowthPoints);
        Assert.Equal([new PlantView("p1", "sunflower", "seed", Day("2026-03-01"), "growing")], view.Plants);
    }

    [Theory]
    [InlineData(ActivityKind.JournalEntry, 0, 10)]
    [InlineData(ActivityKind.JournalEntry, 49, 10)]
    [InlineData(ActivityKind.JournalEntry, 50, 11)]
    [InlineData(ActivityKind.JournalEntry, 249, 14)]
    [InlineData(ActivityKind.JournalEntry, 250, 15)]
    [InlineData(ActivityKind.JournalEntry, 5000, 15)]
    [InlineData(ActivityKind.CheckIn, 0, 5)]
    [InlineData(ActivityKind.HabitCompletion, 0, 5)]
    public void Activities_earn_growth_points(ActivityKind kind, int words, int points)
    {
        var state = new GardenState();

        GardenRules.Apply(state, new Activity(kind, Day("2026-03-01"), Instant("2026-03-01T20:00-05:00"), NewYork, 0, words));

        Assert.Equal(points, state.GrowthPoints);
    }

    [Fact]
    public void Points_are_capped_at_twenty_a_day()
    {
        var state = new GardenState();
        var day = Day("2026-03-01");

        var results = new[] { Entry(day, 300), Entry(day, 300), Entry(day, 300), CheckIn(day) }
            .Select(activity => (GardenRules.Apply(state, activity), state.GrowthPoints)).ToArray();

        Assert.Equal([(true, 15), (true, 20), (false, 20), (false, 20)], results);
        Assert.True(GardenRules.Apply(state, CheckIn(day.AddDays(1))));
        Assert.Equal(25, state.GrowthPoints);
    }

    [Fact]
    public void An_activity_on_an_earlier_day_earns_nothing()
    {
        var state = FullDays(Day("2026-03-01"), 2);

        Assert.False(GardenRules.Apply(state, Entry(Day("2026-02-28"), 300)));

        Assert.Equal(40, state.GrowthPoints);
    }

    [Theory]
    [InlineData(0, "seed", "growing")]
    [InlineData(24, "seed", "growing")]
    [InlineData(25, "sprout", "growing")]
    [InlineData(49, "sprout", "growing")]
    [InlineData(50, "sapling", "growing")]
    [InlineData(99, "sapling", "growing")]
    [InlineData(100, "budding", "growing")]
    [InlineData(149, "budding", "growing")]
    [InlineData(150, "blooming", "blooming")]
    [InlineData(10_000, "blooming", "blooming")]
    public void A_plant_advances_through_stages_with_the_points_since_it_was_planted(int pointsSincePlanted, string stage, string shown)
    {
        var state = new GardenState
        {
            GrowthPoints = 300 + pointsSincePlanted,
            LastActiveDay = Day("2026-03-10"),
            Plants = [new PlantState { PlantedOn = Day("2026-03-01"), PlantedAtPoints = 300 }],
        };

        var plant = Assert.Single(GardenRules.View(state, Day("2026-03-10")).Plants);

        Assert.Equal((stage, shown), (plant.Stage, plant.State));
    }

    [Fact]
    public void A_new_plant_grows_every_hundred_points()
    {
        var state = new GardenState();

        var plantsPerDay = Enumerable.Range(0, 10)
            .Select(offset => FullDays(Day("2026-03-01").AddDays(offset), 1, state).Plants.Count)
            .ToArray();

        Assert.Equal([1, 1, 1, 1, 2, 2, 2, 2, 2, 3], plantsPerDay);
        Assert.Equal(
            [
                new PlantView("p1", "sunflower", "blooming", Day("2026-03-01"), "blooming"),
                new PlantView("p2", "daisy", "budding", Day("2026-03-05"), "growing"),
                new PlantView("p3", "lavender", "seed", Day("2026-03-10"), "growing"),
            ],
            GardenRules.View(state, Day("2026-03-10")).Plants);
    }

    [Theory]
    [InlineData("meadow", "sunflower", "tulip", "sunflower")]
    [InlineData("forest", "fern", "bluebell", "fern")]
    [InlineData("desert", "saguaro", "desert rose", "saguaro")]
    [InlineData("zen", "bonsai", "moss", "bonsai")]
    public void Species_follow_the_theme_and_the_plant_index(string theme, string first, string fifth, string sixth)
    {
        var state = FullDays(Day("2026-03-01"), 26); // 520 points: six plants
        state.Theme = theme;

        var species = GardenRules.View(state, Day("2026-03-26")).Plants.Select(plant => plant.Species).ToArray();

        Assert.Equal(6, species.Length);
        Assert.Equal((first, fifth, sixth), (species[0], species[4], species[5]));
    }

    [Theory]
    [InlineData("2026-03-10", "growing")]
    [InlineData("2026-03-12", "growing")]
    [InlineData("2026-03-13", "wilting")]
    [InlineData("2027-03-13", "wilting")]
    public void Plants_wilt_after_three_days_without_activity_and_never_die(string today, string seedlingState)
    {
        var state = FullDays(Day("2026-03-01"), 10); // p1 blooming, p2 budding, p3 seed

        var plants = GardenRules.View(state, Day(today)).Plants;

        Assert.Equal(["blooming", "budding", "seed"], plants.Select(plant => plant.Stage));
        Assert.Equal(seedlingState, plants[2].State);
        Assert.Equal(seedlingState == "wilting" ? "wilting" : "blooming", plants[0].State);
        Assert.Equal(3, state.Plants.Count);
    }

    [Fact]
    public void Plants_recover_when_the_user_returns()
    {
        var state = FullDays(Day("2026-03-01"), 10);
        Assert.All(GardenRules.View(state, Day("2026-04-01")).Plants, plant => Assert.Equal("wilting", plant.State));

        Assert.True(GardenRules.Apply(state, CheckIn(Day("2026-04-01"))));

        Assert.Equal(Day("2026-04-01"), state.LastRecoveredOn);
        Assert.Equal(
            [("p1", "blooming"), ("p2", "growing"), ("p3", "growing")],
            GardenRules.View(state, Day("2026-04-01")).Plants.Select(plant => (plant.Id, plant.State)));
        Assert.Equal(205, state.GrowthPoints);
    }

    [Fact]
    public void Returning_before_the_plants_wilt_is_not_a_recovery()
    {
        var state = FullDays(Day("2026-03-01"), 1);

        GardenRules.Apply(state, CheckIn(Day("2026-03-03")));

        Assert.Null(state.LastRecoveredOn);
    }

    [Theory]
    [InlineData("meadow", true)]
    [InlineData("forest", true)]
    [InlineData("desert", true)]
    [InlineData("zen", true)]
    [InlineData("Meadow", false)]
    [InlineData("jungle", false)]
    [InlineData("", false)]
    public void Known_themes(string theme, bool known)
    {
        Assert.Equal(known, GardenRules.IsKnownTheme(theme));
    }

    [Fact]
    public void The_state_survives_a_JSON_round_trip()
    {
        var state = FullDays(Day("2026-03-01"), 6);
        state.Name = "Balcony";
        state.Theme = "zen";

        var copy = JsonSerializer.Deserialize<GardenState>(JsonSerializer.Serialize(state))!;

        Assert.Equal(GardenRules.View(state, Day("2026-03-06")).Plants, GardenRules.View(copy, Day("2026-03-06")).Plants);
        Assert.Equal((state.Name, state.Theme, state.GrowthPoints, state.LastActiveDay, state.PointsOnLastActiveDay),
            (copy.Name, copy.Theme, copy.GrowthPoints, copy.LastActiveDay, copy.PointsOnLastActiveDay));
    }
}
