namespace Journal.GrainInterfaces.Realtime;

/// <summary>How long a node's subscription to a user's pushes lasts, and how often the node renews it.</summary>
public static class UpdatesSubscriptions
{
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(20);

    public static readonly TimeSpan Lapse = TimeSpan.FromSeconds(65);
}
