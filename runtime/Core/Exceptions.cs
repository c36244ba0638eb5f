namespace Journal.Runtime;

/// <summary>A call cycle between non-reentrant grains (A → B → A) that would wait forever.</summary>
public sealed class DeadlockException(string message) : Exception(message);

/// <summary>A grain interface breaks a rule of the runtime (e.g. a mutable argument type); thrown at start-up.</summary>
public sealed class GrainTypeValidationException(string message) : Exception(message);

/// <summary>
/// The stored state changed since this activation read it (ETag mismatch). The activation is
/// deactivated so that the next call reads the current state.
/// </summary>
public sealed class InconsistentStateException(string message, string? storedEtag, string? currentEtag) : Exception(message)
{
    /// <summary>The version found in storage (null when no record exists).</summary>
    public string? StoredEtag { get; } = storedEtag;

    /// <summary>The version this activation expected.</summary>
    public string? CurrentEtag { get; } = currentEtag;
}

/// <summary>
/// A grain call (or a delivery or tick waiting for its turn) got no answer within the response
/// timeout (Orleans throws <see cref="TimeoutException"/>; this is one).
/// </summary>
public sealed class ResponseTimeoutException(string message) : TimeoutException(message);

/// <summary>The runtime is stopping and takes no new activations.</summary>
public sealed class RuntimeStoppingException(string message) : Exception(message);
