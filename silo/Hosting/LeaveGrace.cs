namespace Journal.Silo;

/// <summary>
/// A node that stops (SIGTERM) hands the calls waiting for its grains to their new homes on other
/// nodes. Declaring itself dead, the next step, breaks every call still addressed to it on the other
/// nodes, the handed-over ones too (they were answered, but not yet heard of). So it waits
/// <c>Orleans:LeaveGrace</c> (1 s) after its grains are gone, while it still forwards and answers,
/// when there are other nodes: a single node has no one to hand over to.
/// </summary>
internal sealed class LeaveGrace(IClusterMembershipService membership, ILocalSiloDetails local, TimeSpan grace) : ILifecycleParticipant<ISiloLifecycle>
{
    // After the grains' deactivation stage and before the runtime stops (stop runs the stages high to low).
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LeaveGrace), ServiceLifecycleStage.GrainDirectoryShutdown, _ => Task.CompletedTask, WaitAsync);

    private async Task WaitAsync(CancellationToken cancellation)
    {
        var others = membership.CurrentSnapshot.Members.Values.Any(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(local.SiloAddress));
        if (others) await Task.Delay(grace, cancellation).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
