namespace Journal.Grains.Community;

/// <summary>
/// The stored state of a post's or a story's grain: who has reported it (each reporter counts once) and the
/// weight of the reports since a moderator last cleared it (<see cref="ReportPolicy"/>).
/// </summary>
public sealed class ContentTally
{
    public HashSet<Guid> Reporters { get; set; } = [];

    public double Weight { get; set; }
}
