namespace Journal.Tests.Cluster;

/// <summary>
/// The tests that run nodes as processes of their own put the machine under a load of their own (two
/// silos, their writers): they run after the parallel classes, alone, so that neither disturbs the other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NodeProcesses
{
    public const string Name = "Node processes";
}
