namespace Journal.Grains.Progress;

/// <summary>A persisted plant. Its id, species, stage and state are derived in <see cref="GardenRules.View"/>, so only what cannot be derived is kept.</summary>
public sealed class PlantState
{
    public DateOnly PlantedOn { get; set; }

    /// <summary>The garden's growth points when it was planted: its stage grows with the points earned since.</summary>
    public int PlantedAtPoints { get; set; }
}
