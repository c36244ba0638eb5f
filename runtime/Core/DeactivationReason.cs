namespace Journal.Runtime;

public enum DeactivationReasonCode
{
    None,
    /// <summary>The grain asked for it with <c>DeactivateOnIdle()</c>.</summary>
    ApplicationRequested,
    /// <summary>Idle for longer than its collection age.</summary>
    ActivationIdle,
    /// <summary>Evicted as least recently used because the cap on live activations was reached.</summary>
    ActivationLimitExceeded,
    /// <summary>A failed or conflicting state write left memory ahead of storage.</summary>
    ApplicationError,
    /// <summary>The runtime is shutting down.</summary>
    ShuttingDown,
}

public readonly record struct DeactivationReason(DeactivationReasonCode ReasonCode, string Description)
{
    public override string ToString() => $"{ReasonCode}: {Description}";
}
