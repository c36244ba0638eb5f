namespace Journal.Grains.Progress;

/// <summary>
/// The persisted garden (grain-state JSON, hence plain settable properties). Name and theme are set
/// by the user; the rest changes only through <see cref="GardenRules.Apply"/>.
/// </summary>
public sealed class GardenState
{
    public string Name { get; set; } = "My garden";

    public string Theme { get; set; } = "meadow";

    public int GrowthPoints { get; set; }

    /// <summary>The latest activity day seen; wilting is measured from it.</summary>
    public DateOnly? LastActiveDay { get; set; }

    /// <summary>Points already earned on <see cref="LastActiveDay"/>, against the daily cap.</summary>
    public int PointsOnLastActiveDay { get; set; }

    /// <summary>The last day the user came back to a wilting garden.</summary>
    public DateOnly? LastRecoveredOn { get; set; }

    /// <summary>Oldest first; plants are only ever added.</summary>
    public List<PlantState> Plants { get; set; } = [];
}
