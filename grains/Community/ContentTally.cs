using Journal.GrainInterfaces.Community;

namespace Journal.Grains.Community;

/// <summary>
/// Who has reported a post, a comment or a story (each reporter counts once) and the weight of the reports
/// since a moderator last cleared it (<see cref="ReportPolicy"/>): a post's or a story's grain state, and one
/// entry per comment of a thread's.
/// </summary>
public sealed class ContentTally
{
    public HashSet<Guid> Reporters { get; set; } = [];

    public double Weight { get; set; }

    /// <summary>Counts a report; false when this reporter was counted already (their grain retried after a failure).</summary>
    public bool Count(Guid reporterId, double weight)
    {
        if (!Reporters.Add(reporterId)) return false;
        Weight += weight;
        return true;
    }

    /// <summary>A moderator who unhides or restores has judged the reports so far: later ones count from zero.</summary>
    public void JudgedBy(ModerationActionKind action)
    {
        if (action is ModerationActionKind.Unhide or ModerationActionKind.Restore) Weight = 0;
    }

    /// <summary>Puts a stand-in for a reporter whose account goes, so the count (and so the weight) stays exact without the id; false when they never reported.</summary>
    public bool ForgetReporter(Guid reporterId)
    {
        if (!Reporters.Remove(reporterId)) return false;
        Reporters.Add(Guid.NewGuid());
        return true;
    }
}
