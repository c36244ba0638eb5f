namespace Journal.Tests.Cluster;

/// <summary>
/// The tests that run two nodes (as processes of their own, or two API hosts in the test process) put
/// the machine under a load of their own: they run after the parallel classes, alone, so that neither
/// disturbs the other's timing (reminder ticks, push deadlines).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NodeProcesses
{
    public const string Name = "Node processes";
}
